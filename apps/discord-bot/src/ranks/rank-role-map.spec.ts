import { RankLevel } from '@patt/contracts';
import { RankRoleMap } from './rank-role-map';

const map = new RankRoleMap([
  { level: RankLevel.Initiate, name: 'Initiate', discordRoleId: '1' },
  { level: RankLevel.Member, name: 'Member', discordRoleId: '2' },
  { level: RankLevel.Veteran, name: 'Raider', discordRoleId: null },
  { level: RankLevel.Officer, name: 'Officer', discordRoleId: '4' },
  { level: RankLevel.GuildLeader, name: 'Guild Leader', discordRoleId: '5' },
]);

describe('RankRoleMap', () => {
  it('knows each rank’s role and which roles are rank roles', () => {
    expect(map.roleOf(RankLevel.Officer)).toBe('4');
    expect(map.roleOf(RankLevel.Veteran)).toBeNull();
    expect(map.rankRoleIds).toEqual(['1', '2', '4', '5']);
    expect(map.nameOf(RankLevel.Veteran)).toBe('Raider');
  });

  it('names a rank by its default until identity has told the table', () => {
    expect(new RankRoleMap([]).nameOf(RankLevel.Veteran)).toBe('Veteran');
  });

  it('finds the highest rank a member’s roles amount to', () => {
    expect(map.highestOf(['99', '1', '4'])).toEqual({ level: RankLevel.Officer, name: 'Officer', roleId: '4' });
    expect(map.highestOf(['99'])).toBeNull();
  });

  it('tells whether another mapping gives a rank another role', () => {
    const renamed = new RankRoleMap([{ level: RankLevel.Initiate, name: 'Recruit', discordRoleId: '1' }]);
    expect(new RankRoleMap([{ level: RankLevel.Initiate, name: 'Initiate', discordRoleId: '1' }]).rolesDifferFrom(renamed)).toBe(false);
    expect(map.rolesDifferFrom(renamed)).toBe(true);
  });
});

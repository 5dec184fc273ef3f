import { demoBattlenetAccounts } from './demo-battlenet';
import { demoGuild, keyOf } from './demo-guild';

describe('the demo’s Battle.net accounts', () => {
  const demo = demoGuild({ now: Date.UTC(2026, 0, 1) });
  const accounts = demoBattlenetAccounts(demo);

  it('gives each player of the story an account with their main and alts, under a BattleTag of their own', () => {
    expect(accounts).toHaveLength(demo.story.players.length);
    accounts.forEach((account, index) => {
      const player = demo.story.players[index]!;
      expect(account.wowAccounts[0]!.characters.map(keyOf)).toEqual([player.main, ...player.alts]);
      expect(account.battletag).toMatch(/^[A-Z][A-Za-z0-9]*#\d{4}$/);
    });
    expect(new Set(accounts.map((a) => a.battletag)).size).toBe(accounts.length);
    expect(new Set(accounts.map((a) => a.id)).size).toBe(accounts.length);
  });

  it('gives the first player a character outside the guild, to show one waiting to join', () => {
    const guildIds = new Set(demo.guild.members.map((c) => c.id));
    const outside = accounts[0]!.wowAccounts.flatMap((w) => w.characters).filter((c) => !guildIds.has(c.id));
    expect(outside).toHaveLength(1);
  });
});

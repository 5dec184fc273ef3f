import { Logger } from '@nestjs/common';
import { DiscordAPIError } from 'discord.js';
import { RankLevel } from '@patt/contracts';
import { aMember } from '../../test/support/factories';
import { strictMock } from '@patt/testing';
import { DiscordGuild } from '../discord/discord-guild';
import { DueMember, LinkedMembersRepository } from '../links/linked-members.repository';
import { MembersMirrorService } from '../mirror/members-mirror.service';
import { MembersRepository } from '../mirror/members.repository';
import { RankRoleMap } from '../ranks/rank-role-map';
import { RoleReconciler } from './role-reconciler';

const ranks = new RankRoleMap([
  { level: RankLevel.Member, name: 'Member', discordRoleId: '2' },
  { level: RankLevel.Veteran, name: 'Veteran', discordRoleId: '3' },
  { level: RankLevel.Officer, name: 'Officer', discordRoleId: '4' },
]);

function newReconciler(member = aMember({ userId: '42', roleIds: ['2', '99'] })) {
  const calls: string[] = [];
  const guild = strictMock<DiscordGuild>('guild', {
    addRole: async (userId: string, roleId: string) => void calls.push(`add ${roleId} to ${userId}`),
    removeRole: async (userId: string, roleId: string) => void calls.push(`remove ${roleId} from ${userId}`),
  });
  const members = strictMock<MembersRepository>('members', { find: async () => member });
  const mirror = strictMock<MembersMirrorService>('mirror', {
    recordRoleChange: async (_userId: string, roleId: string, change: 'add' | 'remove') => void calls.push(`mirror ${change} ${roleId}`),
  });
  const links = strictMock<LinkedMembersRepository>('links', { settle: async () => undefined, postpone: async () => undefined });
  return { reconciler: new RoleReconciler(guild, members, mirror, links), guild, links, calls };
}

const due = (rankLevel: RankLevel): DueMember => ({ discordUserId: '42', rankLevel, rolesVersion: 7 });

describe('RoleReconciler', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('adds the rank’s role before removing the old one, and records each in the mirror as Discord confirms it', async () => {
    const { reconciler, guild, links, calls } = newReconciler();
    expect(await reconciler.reconcile(due(RankLevel.Veteran), ranks)).toEqual({ added: 1, removed: 1, outcome: 'done' });
    expect(calls).toEqual(['add 3 to 42', 'mirror add 3', 'remove 2 from 42', 'mirror remove 2']);
    expect(guild.addRole).toHaveBeenCalledWith('42', '3', 'PATT role sync: rank Veteran');
    expect(links.settle).toHaveBeenCalledWith(due(RankLevel.Veteran), null);
  });

  it('makes no call when the roles are right, or when the member is not on the server', async () => {
    const right = newReconciler(aMember({ userId: '42', roleIds: ['4', '99'] }));
    expect(await right.reconciler.reconcile(due(RankLevel.Officer), ranks)).toEqual({ added: 0, removed: 0, outcome: 'done' });
    expect(right.calls).toEqual([]);
    const away = newReconciler(aMember({ userId: '42', roleIds: ['2'], present: false }));
    await away.reconciler.reconcile(due(RankLevel.Officer), ranks);
    expect(away.calls).toEqual([]);
    expect(away.links.settle).toHaveBeenCalled();
  });

  it('leaves a member as they are when Discord refuses (missing permission), and says why', async () => {
    const { reconciler, guild, links } = newReconciler();
    guild.addRole.mockRejectedValueOnce(new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'PUT', 'u', { body: undefined }));
    expect(await reconciler.reconcile(due(RankLevel.Officer), ranks)).toEqual({ added: 0, removed: 0, outcome: 'refused' });
    expect(links.settle).toHaveBeenCalledWith(due(RankLevel.Officer), 'HTTP 403: Missing Permissions (Discord code 50013)');
    expect(guild.removeRole).not.toHaveBeenCalled();
  });

  it('tries again later when Discord fails for a passing reason, keeping what was done', async () => {
    const { reconciler, guild, links, calls } = newReconciler();
    guild.removeRole.mockRejectedValueOnce(new Error('socket hang up'));
    expect(await reconciler.reconcile(due(RankLevel.Officer), ranks)).toEqual({ added: 1, removed: 0, outcome: 'postponed' });
    expect(calls).toEqual(['add 4 to 42', 'mirror add 4']);
    expect(links.postpone).toHaveBeenCalledWith(due(RankLevel.Officer), expect.any(Date), 'Error: socket hang up');
    expect(links.settle).not.toHaveBeenCalled();
  });
});

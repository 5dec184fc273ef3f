import { Logger } from '@nestjs/common';
import { DiscordAPIError } from 'discord.js';
import { EntityManager } from 'typeorm';
import { aMember } from '../../test/support/factories';
import { strictMock } from '../../test/support/strict-mock';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { AuditChannel } from '../audit/audit-channel';
import { DiscordConnection } from '../discord/discord-connection';
import { DiscordGuild, OutgoingMessage } from '../discord/discord-guild';
import { MembersRepository } from '../members/members.repository';
import { WorkSignals } from '../work/work-signals';
import { InviteDeliveriesRepository, PendingInvite } from './invite-deliveries.repository';
import { InviteDeliveryService } from './invite-delivery.service';

const CODE = 'PATT-SECRET-42';

function newService(invite: Partial<PendingInvite> = {}) {
  const pending: PendingInvite = { inviteId: 'i-1', discordUserId: '42', code: CODE, expiresAt: new Date(Date.now() + 3_600_000), attempts: 0, ...invite };
  const manager = {} as EntityManager;
  const config = Object.assign(new DiscordBotConfig(), { PUBLIC_URL: 'https://patt.example' });
  const deliveries = strictMock<InviteDeliveriesRepository>('deliveries', {
    pending: async () => [pending],
    settle: async () => undefined,
    postpone: async () => undefined,
    transaction: (work) => work(manager),
  });
  const guild = strictMock<DiscordGuild>('guild', { sendDirectMessage: async () => undefined });
  const members = strictMock<MembersRepository>('members', { find: async () => aMember({ userId: '42', username: 'trog' }) });
  const posted: OutgoingMessage[] = [];
  const audit = strictMock<AuditChannel>('audit', { post: async (_m: EntityManager, _kind, messages: readonly OutgoingMessage[]) => void posted.push(...messages) });
  const service = new InviteDeliveryService(config, strictMock<DiscordConnection>('connection'), deliveries, guild, members, audit, strictMock<WorkSignals>('signals'));
  return { service, deliveries, guild, posted, manager };
}

const refusal = (code: number, status: number) =>
  new DiscordAPIError({ code, message: 'Cannot send messages to this user' }, code, status, 'POST', 'u', { body: { content: CODE } });

describe('InviteDeliveryService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('DMs the code and the link, then forgets the code', async () => {
    const { service, guild, deliveries, posted } = newService();
    await service.deliverPending(20);
    expect(guild.sendDirectMessage).toHaveBeenCalledWith('42', expect.objectContaining({ content: expect.stringContaining(`https://patt.example/register?code=${CODE}`) }));
    expect(deliveries.settle).toHaveBeenCalledWith('i-1', 'sent', 1, null);
    expect(posted).toEqual([]);
  });

  it('tells officers, without the code, when the member’s DMs are closed (50007)', async () => {
    const { service, guild, deliveries, posted, manager } = newService();
    guild.sendDirectMessage.mockRejectedValueOnce(refusal(50007, 403));
    await service.deliverPending(20);
    expect(deliveries.settle).toHaveBeenCalledWith('i-1', 'refused', 1, expect.stringContaining('50007'), manager);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted)).toContain('<@42> (trog)');
    expect(JSON.stringify(posted)).not.toContain(CODE);
  });

  it('retries a DM that failed for a passing reason, and gives up (telling officers) after five tries', async () => {
    const first = newService();
    first.guild.sendDirectMessage.mockRejectedValueOnce(new Error('ETIMEDOUT'));
    await first.service.deliverPending(20);
    expect(first.deliveries.postpone).toHaveBeenCalledWith('i-1', 1, expect.any(Date), 'Error: ETIMEDOUT');
    expect(first.posted).toEqual([]);

    const last = newService({ attempts: 4 });
    last.guild.sendDirectMessage.mockRejectedValueOnce(new Error('ETIMEDOUT'));
    await last.service.deliverPending(20);
    expect(last.deliveries.settle).toHaveBeenCalledWith('i-1', 'failed', 5, 'Error: ETIMEDOUT', last.manager);
    expect(JSON.stringify(last.posted)).toContain('Discord kept failing');
  });

  it('does not send an invite that expired while it waited', async () => {
    const { service, guild, deliveries } = newService({ expiresAt: new Date(Date.now() - 1000) });
    await service.deliverPending(20);
    expect(guild.sendDirectMessage).not.toHaveBeenCalled();
    expect(deliveries.settle).toHaveBeenCalledWith('i-1', 'expired', 0, 'expired before it could be sent');
  });
});

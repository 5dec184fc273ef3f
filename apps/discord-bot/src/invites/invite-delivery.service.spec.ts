import { Logger } from '@nestjs/common';
import { DiscordAPIError } from 'discord.js';
import { EntityManager } from 'typeorm';
import { ErrorCode, EventSubject, InviteForDelivery, PayloadOf, Requests } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { CommitSignals } from '@patt/persistence';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { aMember } from '../../test/support/factories';
import { strictMock } from '@patt/testing';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { AuditChannel } from '../posts/audit-channel';
import { DiscordConnection } from '../discord/discord-connection';
import { DiscordGuild, OutgoingMessage } from '../discord/discord-guild';
import { MembersRepository } from '../mirror/members.repository';
import { InviteDeliveriesRepository, PendingInvite } from './invite-deliveries.repository';
import { InviteDeliveryService } from './invite-delivery.service';

const CODE = 'PATT-SECRET-42';
const deliver = (expiresAt: Date): InviteForDelivery => ({ status: 'deliver', inviteId: 'i-1', code: CODE, discordUserId: '42', expiresAt: expiresAt.toISOString() });

function newService(invite: Partial<PendingInvite> = {}, claims: Array<InviteForDelivery | Error> = []) {
  const pending: PendingInvite = { inviteId: 'i-1', personId: 'p-1', discordUserId: '42', expiresAt: new Date(Date.now() + 3_600_000), attempts: 0, ...invite };
  const manager = {} as EntityManager;
  const config = Object.assign(new DiscordBotConfig(), { PUBLIC_URL: 'https://patt.example' });
  const deliveries = strictMock<InviteDeliveriesRepository>('deliveries', {
    pending: async () => [pending],
    settle: async () => true,
    postpone: async () => undefined,
    transaction: (work) => work(manager),
  });
  const guild = strictMock<DiscordGuild>('guild', { sendDirectMessage: async () => undefined });
  const members = strictMock<MembersRepository>('members', { find: async () => aMember({ userId: '42', username: 'trog' }) });
  const posted: OutgoingMessage[] = [];
  const audit = strictMock<AuditChannel>('audit', { post: async (_m: EntityManager, _kind, messages: readonly OutgoingMessage[]) => void posted.push(...messages) });
  const answers = [...claims];
  const services = strictMock<ServiceClient>('services', {
    send: (async () => {
      const next = answers.shift() ?? deliver(pending.expiresAt);
      if (next instanceof Error) throw next;
      return next;
    }) as unknown as ServiceClient['send'],
  });
  const emitted: Array<{ subject: EventSubject; payload: unknown }> = [];
  const events = strictMock<EventPublisher>('events', {
    emit: (async (_m: EntityManager, subject: EventSubject, payload: PayloadOf<EventSubject>) => void emitted.push({ subject, payload })) as unknown as EventPublisher['emit'],
  });
  const service = new InviteDeliveryService(config, strictMock<DiscordConnection>('connection'), deliveries, guild, members, audit, strictMock<CommitSignals>('signals'), services, events);
  return { service, deliveries, guild, posted, manager, services, emitted };
}

const refusal = (code: number, status: number) =>
  new DiscordAPIError({ code, message: 'Cannot send messages to this user' }, code, status, 'POST', 'u', { body: { content: CODE } });

describe('InviteDeliveryService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('takes the code from auth, DMs it with the link, and tells auth it was sent', async () => {
    const { service, guild, deliveries, posted, services, emitted, manager } = newService();
    await service.deliverPending(20);
    expect(services.send).toHaveBeenCalledWith(Requests.InvitesClaimForDelivery, { inviteId: 'i-1' }, { actor: null });
    expect(guild.sendDirectMessage).toHaveBeenCalledWith('42', expect.objectContaining({ content: expect.stringContaining(`https://patt.example/register?code=${CODE}`) }));
    expect(deliveries.settle).toHaveBeenCalledWith('i-1', 'sent', 1, null, manager);
    expect(emitted).toEqual([{ subject: 'patt.discord.invite-delivery-settled', payload: expect.objectContaining({ inviteId: 'i-1', personId: 'p-1', outcome: 'sent', reason: null }) }]);
    expect(JSON.stringify(emitted)).not.toContain(CODE);
    expect(posted).toEqual([]);
  });

  it('tells officers and auth, without the code, when the member’s DMs are closed (50007)', async () => {
    const { service, guild, deliveries, posted, manager, emitted } = newService();
    guild.sendDirectMessage.mockRejectedValueOnce(refusal(50007, 403));
    await service.deliverPending(20);
    expect(deliveries.settle).toHaveBeenCalledWith('i-1', 'refused', 1, expect.stringContaining('50007'), manager);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted)).toContain('<@42> (trog)');
    expect(JSON.stringify([posted, emitted])).not.toContain(CODE);
    expect(emitted).toEqual([expect.objectContaining({ payload: expect.objectContaining({ outcome: 'refused' }) })]);
  });

  it('retries a DM that failed for a passing reason with the code it holds, asking auth once', async () => {
    const first = newService();
    first.guild.sendDirectMessage.mockRejectedValueOnce(new Error('ETIMEDOUT'));
    await first.service.deliverPending(20);
    expect(first.deliveries.postpone).toHaveBeenCalledWith('i-1', 1, expect.any(Date), 'Error: ETIMEDOUT');
    expect(first.posted).toEqual([]);
    // The next pass (the row now says one attempt) sends from memory: auth is not asked again.
    first.deliveries.pending.mockResolvedValueOnce([{ inviteId: 'i-1', personId: 'p-1', discordUserId: '42', expiresAt: new Date(Date.now() + 3_600_000), attempts: 1 }]);
    await first.service.deliverPending(20);
    expect(first.services.send).toHaveBeenCalledTimes(1);
    expect(first.guild.sendDirectMessage).toHaveBeenCalledTimes(2);
    expect(first.deliveries.settle).toHaveBeenCalledWith('i-1', 'sent', 2, null, first.manager);
  });

  it('gives up after five tries, telling officers', async () => {
    const last = newService({ attempts: 4 });
    last.guild.sendDirectMessage.mockRejectedValueOnce(new Error('ETIMEDOUT'));
    await last.service.deliverPending(20);
    expect(last.deliveries.settle).toHaveBeenCalledWith('i-1', 'failed', 5, 'Error: ETIMEDOUT', last.manager);
    expect(JSON.stringify(last.posted)).toContain('Discord kept failing');
  });

  it('tries again later when auth does not answer: the code waits there, sealed', async () => {
    const { service, deliveries, guild } = newService({}, [new ServiceException(ErrorCode.ServiceUnavailable, 'The auth service did not answer; try again shortly.')]);
    await service.deliverPending(20);
    expect(guild.sendDirectMessage).not.toHaveBeenCalled();
    expect(deliveries.postpone).toHaveBeenCalledWith('i-1', 1, expect.any(Date), expect.stringContaining('auth did not hand over the code'));
  });

  it('sends nothing and says nothing when the invite was revoked, used or expired first', async () => {
    const { service, deliveries, guild, posted, emitted } = newService({}, [{ status: 'gone', inviteId: 'i-1', reason: 'revoked' }]);
    await service.deliverPending(20);
    expect(guild.sendDirectMessage).not.toHaveBeenCalled();
    expect(deliveries.settle).toHaveBeenCalledWith('i-1', 'cancelled', 0, 'the invite was revoked before its DM');
    expect([posted, emitted]).toEqual([[], []]);
  });

  it('tells officers when the code was taken by an earlier try that did not finish', async () => {
    const { service, posted, emitted, guild } = newService({ attempts: 1 }, [{ status: 'gone', inviteId: 'i-1', reason: 'claimed' }]);
    await service.deliverPending(20);
    expect(guild.sendDirectMessage).not.toHaveBeenCalled();
    expect(JSON.stringify(posted)).toContain('the bot restarted while sending it');
    expect(emitted).toEqual([expect.objectContaining({ payload: expect.objectContaining({ outcome: 'failed' }) })]);
  });

  it('does not send an invite that expired while it waited, and asks auth for nothing', async () => {
    const { service, guild, deliveries, services, manager } = newService({ expiresAt: new Date(Date.now() - 1000) });
    await service.deliverPending(20);
    expect(guild.sendDirectMessage).not.toHaveBeenCalled();
    expect(services.send).not.toHaveBeenCalled();
    expect(deliveries.settle).toHaveBeenCalledWith('i-1', 'expired', 0, 'expired before it could be sent', manager);
  });
});

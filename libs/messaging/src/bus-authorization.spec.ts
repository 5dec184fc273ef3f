import { BUS_SERVICES, Events } from '@patt/contracts';
import { busAuthorization, busPermissions, natsPasswordVariable, setupPermissions } from './bus-authorization';

const scope = { root: 'patt', stream: 'PATT_EVENTS' };

describe('the bus authorization generated from the contracts', () => {
  it('lets the gateway send requests and follow the events its caches watch: no publishing of events, no JetStream, replies in its own inbox', () => {
    const gateway = busPermissions('gateway', scope);
    expect(gateway.publish).toContain('patt.rpc.auth.login');
    expect(gateway.publish).toContain('patt.rpc.auth.api-keys.create');
    expect(gateway.publish).not.toContain('patt.rpc.auth.invites.claim-for-delivery');
    expect(gateway.publish.filter((s) => !s.startsWith('patt.rpc.'))).toEqual([]);
    expect(gateway.subscribe).toEqual([
      'patt.identity.member-rank-changed',
      'patt.identity.ranks-changed',
      'patt.auth.account-disabled',
      'patt.auth.account-enabled',
      'patt.auth.logins-ended',
      'patt.auth.password-set',
      '_INBOX.gateway.>',
    ]);
    expect(gateway.allowResponses).toBe(false);
  });

  it('keeps each request readable by the service that serves it alone', () => {
    for (const service of BUS_SERVICES) {
      const reads = busPermissions(service, scope).subscribe;
      expect([service, reads.includes('patt.rpc.auth.login')]).toEqual([service, service === 'auth']);
      expect(reads.some((s) => s.includes('>') && !s.startsWith(`_INBOX.${service}.`))).toBe(false);
    }
  });

  it('lets a service publish its own events only', () => {
    const sync = busPermissions('guild-sync', scope).publish;
    expect(sync).toContain('patt.guild-sync.roster-synced');
    expect(sync.filter((s) => /^patt\.(?!guild-sync\.)/.test(s))).toEqual([]);
    expect(busPermissions('discord-bot', scope).publish).not.toContain('patt.identity.member-rank-changed');
    expect(busPermissions('discord-bot', scope).publish).toContain('patt.rpc.auth.invites.claim-for-delivery');
  });

  it('opens JetStream to a service for its own consumers, each on its own subject, and never the stream’s making or deleting', () => {
    const auth = busPermissions('auth', scope).publish;
    expect(auth).toContain('$JS.API.CONSUMER.CREATE.PATT_EVENTS.auth--identity_member-matched.patt.identity.member-matched');
    expect(auth).toContain('$JS.API.CONSUMER.MSG.NEXT.PATT_EVENTS.auth--identity_member-matched');
    expect(auth).toContain('$JS.ACK.PATT_EVENTS.auth--identity_member-matched.>');
    for (const service of BUS_SERVICES) {
      const publish = busPermissions(service, scope).publish;
      expect(publish.filter((s) => /STREAM\.(CREATE|UPDATE|DELETE|PURGE)|\$JS\.API\.>|CONSUMER\.DELETE/.test(s))).toEqual([]);
      expect(publish.filter((s) => s.startsWith('$JS.') && s.includes('CONSUMER') && !s.includes(`.${service}--`))).toEqual([]);
    }
    expect(setupPermissions().publish).toEqual(['$JS.API.>']);
  });

  it('follows the subject root and stream it is given', () => {
    const identity = busPermissions('identity', { root: 'patt-t1', stream: 'PATT_T1' });
    expect(identity.publish).toContain('patt-t1.identity.member-matched');
    expect(identity.publish).toContain('$JS.API.STREAM.INFO.PATT_T1');
    expect(identity.subscribe).toContain('patt-t1.rpc.identity.members.update');
    expect(identity.publish.some((s) => s.startsWith('patt.'))).toBe(false);
  });

  it('writes one user per service and the setup user, with literal passwords or references to the environment', () => {
    const literal = busAuthorization({ passwords: Object.fromEntries([...BUS_SERVICES, 'bus-setup'].map((u) => [u, `pw-of-${u}`])) });
    for (const user of [...BUS_SERVICES, 'bus-setup']) {
      expect(literal).toContain(`user: "${user}"\n      password: "pw-of-${user}"`);
    }
    const fromEnv = busAuthorization({ passwords: 'env' });
    expect(fromEnv).toContain('password: $DISCORD_BOT_NATS_PASSWORD');
    expect(fromEnv).toContain('password: $BUS_SETUP_NATS_PASSWORD');
    expect(natsPasswordVariable('guild-sync')).toBe('GUILD_SYNC_NATS_PASSWORD');
    expect(() => busAuthorization({ passwords: { gateway: 'x' } })).toThrow('no NATS password for the user auth');
  });

  it('puts every consumed event in its consumer’s permissions', () => {
    expect(busPermissions('discord-bot', scope).publish).toContain(
      `$JS.API.CONSUMER.INFO.PATT_EVENTS.discord-bot--${Events.CampaignOpened.split('.').slice(1).join('_')}`,
    );
  });
});

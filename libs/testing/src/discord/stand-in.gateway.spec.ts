import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Guild, type GuildMember, type PartialGuildMember } from 'discord.js';
import { loginDiscordJs, nextEvent } from './discordjs-test-client';
import { generateDiscordGuild } from './model/generator';
import { DiscordStandIn } from './stand-in';
import { isJsonObject } from './util/json';

interface RawDispatch {
  t: string;
  s: number;
  d: unknown;
}

function rawDispatches(client: Client): RawDispatch[] {
  const seen: RawDispatch[] = [];
  client.on(Events.Raw, (packet: unknown) => {
    if (isJsonObject(packet) && typeof packet['t'] === 'string' && typeof packet['s'] === 'number') {
      seen.push({ t: packet['t'], s: packet['s'], d: packet['d'] });
    }
  });
  return seen;
}

const userIdOf = (dispatch: RawDispatch): string | undefined =>
  isJsonObject(dispatch.d) && isJsonObject(dispatch.d['user']) && typeof dispatch.d['user']['id'] === 'string'
    ? dispatch.d['user']['id']
    : undefined;

describe('Discord stand-in gateway, driven by the real discord.js client', () => {
  let discord: DiscordStandIn;
  let client: Client<true> | undefined;

  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    await discord?.close();
  });

  async function start(memberCount = 300, largeGuildMemberCap = 5): Promise<Guild> {
    discord = await DiscordStandIn.start({
      heartbeatIntervalMs: 400,
      largeGuildMemberCap,
      guild: generateDiscordGuild({ seed: 5, memberCount }),
    });
    client = await loginDiscordJs(discord);
    const guild = client.guilds.cache.get(discord.guildId);
    if (!guild) throw new Error('discord.js has no guild');
    return guild;
  }

  it('logs in to ready with the guild, its roles and channels, and only some members of a large guild', async () => {
    const guild = await start(300, 5);
    const api = client as Client<true>;
    expect(api.user.id).toBe(discord.botUserId);
    expect(api.application.id).toBe(discord.applicationId);
    expect(guild.name).toBe('PATT');
    expect(guild.memberCount).toBe(300);
    expect(guild.large).toBe(true);
    expect(guild.members.cache.size).toBe(5);
    expect(guild.members.cache.has(discord.botUserId)).toBe(true);
    expect(guild.roles.cache.map((role) => role.name)).toEqual(
      expect.arrayContaining(['@everyone', 'Guild Leader', 'Officer', 'Veteran', 'Member', 'Initiate']),
    );
    expect(guild.channels.cache.get(discord.auditChannelId)?.name).toBe('patt-audit');
    expect(discord.identifies).toBe(1);
  });

  it('answers heartbeats with acks', async () => {
    await start();
    const api = client as Client<true>;
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(discord.heartbeats).toBeGreaterThanOrEqual(1);
    expect(api.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it('closes with 4013 when the bot leaves out the GuildMembers intent', async () => {
    discord = await DiscordStandIn.start({ heartbeatIntervalMs: 400 });
    const lacking = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
    lacking.on(Events.ShardError, () => undefined);
    try {
      await expect(lacking.login(discord.token)).rejects.toThrow(/invalid intents/i);
    } finally {
      await lacking.destroy();
    }
    expect(discord.gatewayEvents.find((event) => event.kind === 'rejected')).toMatchObject({ code: 4013 });
  });

  it('emits guildMemberAdd, guildMemberUpdate and guildMemberRemove as the guild changes', async () => {
    await start();
    const api = client as Client<true>;
    const added = nextEvent(api, Events.GuildMemberAdd, (member) => member.user.username === 'new_recruit');
    const newcomer = discord.addMember({ username: 'new_recruit', globalName: 'Nouveau Récrue' });
    const [member] = await added;
    expect(member.displayName).toBe('Nouveau Récrue');
    expect(member.guild.memberCount).toBe(301);

    const updated = nextEvent(api, Events.GuildMemberUpdate, (_old, current) => current.id === newcomer.user.id);
    discord.updateMember(newcomer.user.id, { nick: 'Trogdor', addRoles: [discord.rankRoleIds.Initiate] });
    const [before, after] = await updated;
    expect(before.nickname).toBeNull();
    expect(after.nickname).toBe('Trogdor');
    expect(after.roles.cache.has(discord.rankRoleIds.Initiate)).toBe(true);

    const removed = nextEvent(api, Events.GuildMemberRemove, (gone) => gone.id === newcomer.user.id);
    discord.removeMember(newcomer.user.id);
    const [gone] = await removed;
    expect(gone.id).toBe(newcomer.user.id);
    expect(member.guild.memberCount).toBe(300);
  });

  it('tells the bot about its own role changes, as Discord does', async () => {
    const guild = await start();
    const human = discord.members().find((member) => !member.user.bot);
    if (!human) throw new Error('no human member');
    await guild.members.fetch(human.user.id);
    const updated = nextEvent(client as Client<true>, Events.GuildMemberUpdate, (_old, current) => current.id === human.user.id);
    await guild.members.addRole({ user: human.user.id, role: discord.rankRoleIds.Officer });
    const [, after] = await updated;
    expect(after.roles.cache.has(discord.rankRoleIds.Officer)).toBe(true);
  });

  it('reports an update of a member discord.js has not cached as guildMemberAvailable, not guildMemberUpdate', async () => {
    const guild = await start();
    const uncached = discord.members().find((member) => !guild.members.cache.has(member.user.id));
    if (!uncached) throw new Error('every member is cached');
    const available = nextEvent(client as Client<true>, Events.GuildMemberAvailable, (member) => member.id === uncached.user.id);
    discord.updateMember(uncached.user.id, { nick: 'Seen at last' });
    const [member] = await available;
    expect((member as GuildMember | PartialGuildMember).nickname).toBe('Seen at last');
  });

  it('serves REQUEST_GUILD_MEMBERS (guild.members.fetch()) in chunks', async () => {
    const guild = await start(2_500);
    const all = await guild.members.fetch();
    expect(all.size).toBe(2_500);
    expect(discord.gatewayEvents.some((event) => event.kind === 'members-requested')).toBe(true);
  });

  it.each([
    ['closed with 4000', { mode: 'close' as const, code: 4000 }],
    ['cut (TCP reset)', { mode: 'terminate' as const }],
  ])('replays the 5 member changes made while the connection was %s, after discord.js resumes', async (_how, drop) => {
    const guild = await start();
    const api = client as Client<true>;
    const raw = rawDispatches(api);
    const resumed = once(api, Events.ShardResume);

    expect(discord.dropGatewayConnection(drop)).toBe(1);
    const first = discord.addMember({ username: 'joined_while_away' });
    const second = discord.addMember({ username: 'also_joined', globalName: 'Алексей' });
    discord.updateMember(first.user.id, { nick: 'Away Nick' });
    discord.updateMember(second.user.id, { addRoles: [discord.rankRoleIds.Member] });
    discord.removeMember(first.user.id);

    const [, replayedCount] = await resumed;
    // discord.js counts the RESUMED dispatch itself among the replayed ones.
    expect(replayedCount).toBe(6);
    const replayed = raw.filter((dispatch) => dispatch.t.startsWith('GUILD_MEMBER_'));
    expect(replayed.map((dispatch) => [dispatch.t, userIdOf(dispatch)])).toEqual([
      ['GUILD_MEMBER_ADD', first.user.id],
      ['GUILD_MEMBER_ADD', second.user.id],
      ['GUILD_MEMBER_UPDATE', first.user.id],
      ['GUILD_MEMBER_UPDATE', second.user.id],
      ['GUILD_MEMBER_REMOVE', first.user.id],
    ]);
    const seqs = replayed.map((dispatch) => dispatch.s);
    expect(seqs).toEqual(seqs.map((_s, index) => seqs[0] + index));
    expect(raw[raw.length - 1].t).toBe('RESUMED');
    expect(discord.identifies).toBe(1);
    expect(discord.gatewayEvents.find((event) => event.kind === 'resumed')).toMatchObject({ replayed: 5 });

    // discord.js applied every replayed dispatch to its cache. (Whether it also emits guildMember*
    // events for them depends on timing: it drops them while its shard is still "resuming", so a
    // bot should reconcile on shardResume rather than count on them.)
    expect(guild.members.cache.has(first.user.id)).toBe(false);
    expect(guild.members.cache.get(second.user.id)?.roles.cache.has(discord.rankRoleIds.Member)).toBe(true);
    expect(guild.memberCount).toBe(301);

    // After RESUMED, events flow as before.
    const later = nextEvent(api, Events.GuildMemberAdd, (member) => member.user.username === 'after_resume');
    discord.addMember({ username: 'after_resume' });
    await later;
  });

  it('dispatches roles made, changed and deleted in the server settings, and REST lists them as they are', async () => {
    const guild = await start(40);
    const api = client as Client<true>;
    const created = nextEvent(api, Events.GuildRoleCreate, (role) => role.name === 'Raid Leader');
    const made = discord.createRole({ name: 'Raid Leader', position: 3 });
    const [role] = await created;
    expect(role.rawPosition).toBe(3);

    const updated = nextEvent(api, Events.GuildRoleUpdate, (_before, after) => after.id === made.id);
    discord.updateRole(made.id, { name: 'Raid Lead', position: 4 });
    const [, after] = await updated;
    expect([after.name, after.rawPosition]).toEqual(['Raid Lead', 4]);

    const holder = discord.members().find((member) => !member.user.bot);
    if (!holder) throw new Error('no member');
    discord.updateMember(holder.user.id, { addRoles: [made.id] });
    const deleted = nextEvent(api, Events.GuildRoleDelete, (gone) => gone.id === made.id);
    discord.deleteRole(made.id);
    await deleted;
    expect(guild.roles.cache.has(made.id)).toBe(false);
    expect(discord.member(holder.user.id)?.roles).not.toContain(made.id);
    expect((await guild.roles.fetch()).has(made.id)).toBe(false);
  });

  it('resumes after op 7 RECONNECT without identifying again', async () => {
    await start();
    const resumed = once(client as Client<true>, Events.ShardResume);
    discord.requestGatewayReconnect();
    discord.addMember({ username: 'during_reconnect' });
    const [, replayedCount] = await resumed;
    expect(replayedCount).toBeGreaterThanOrEqual(0);
    expect(discord.identifies).toBe(1);
    expect(
      (client as Client<true>).guilds.cache
        .get(discord.guildId)
        ?.members.cache.some((member) => member.user.username === 'during_reconnect'),
    ).toBe(true);
  });

  it('answers a RESUME of a forgotten session with INVALID_SESSION, and discord.js identifies anew', async () => {
    await start();
    // discord.js waits out its identify throttle (about 5 s after the first IDENTIFY) first.
    const readyAgain = nextEvent(client as Client<true>, Events.ShardReady, () => true, 12_000);
    discord.dropGatewayConnection({ resumable: false });
    await readyAgain;
    expect(discord.identifies).toBe(2);
    expect(discord.gatewayEvents.map((event) => event.kind)).toEqual(expect.arrayContaining(['dropped', 'invalid-session', 'identified']));
  }, 20_000);
});

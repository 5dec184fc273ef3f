import { ChannelType, Client, DiscordAPIError, GatewayIntentBits, type Guild } from 'discord.js';
import { loginDiscordJs } from './discordjs-test-client';
import { generateDiscordGuild } from './model/generator';
import { DiscordRoute } from './rest/route-keys';
import { DiscordStandIn } from './stand-in';

describe('Discord stand-in REST, driven by the real discord.js client', () => {
  let discord: DiscordStandIn;
  let client: Client<true> | undefined;

  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    await discord?.close();
  });

  async function start(memberCount = 60): Promise<Guild> {
    discord = await DiscordStandIn.start({ heartbeatIntervalMs: 1_000, guild: generateDiscordGuild({ seed: 11, memberCount }) });
    client = await loginDiscordJs(discord);
    const guild = client.guilds.cache.get(discord.guildId);
    if (!guild) throw new Error('discord.js has no guild');
    return guild;
  }

  it('refuses a wrong token with 401, which discord.js reports as an invalid token', async () => {
    discord = await DiscordStandIn.start({ token: 'right-token' });
    expect(await statusOf(discord, '/v10/users/@me', 'Bot wrong-token')).toBe(401);
    expect(await statusOf(discord, '/v10/users/@me', 'Bot right-token')).toBe(200);
    await expect(loginWith(discord, 'wrong-token')).rejects.toThrow(/invalid token/i);
  });

  it('pages 2,500 members by user id with limit and after, each member exactly once', async () => {
    const guild = await start(2_500);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await guild.members.list({ limit: 1_000, after, cache: false });
      seen.push(...page.keys());
      if (page.size < 1_000) break;
      after = page.lastKey();
    }
    expect(seen).toHaveLength(2_500);
    expect(new Set(seen).size).toBe(2_500);
    expect(new Set(seen)).toEqual(new Set(discord.members().map((member) => member.user.id)));
    const pages = discord.callsTo(DiscordRoute.listMembers);
    expect(pages.map((call) => [call.query['limit'], call.status])).toEqual([
      ['1000', 200],
      ['1000', 200],
      ['1000', 200],
    ]);
    expect(pages[1].query['after']).toBe(seen[999]);
  });

  it('answers an out-of-range page size with 50035 like Discord', async () => {
    const guild = await start();
    await expect(guild.members.list({ limit: 1_001 })).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it('adds and removes roles over PUT and DELETE, changing the guild and logging the change', async () => {
    const guild = await start();
    const target = discord.members().find((member) => !member.user.bot && member.roles.length === 0) ?? discord.members()[3];
    const member = await guild.members.fetch(target.user.id);
    const veteran = discord.rankRoleIds.Veteran;

    await member.roles.add(veteran, 'rank is Veteran');
    expect(discord.member(target.user.id)?.roles).toContain(veteran);
    await member.roles.remove(veteran, 'rank is no longer Veteran');
    expect(discord.member(target.user.id)?.roles).not.toContain(veteran);

    expect(discord.calls.filter((call) => call.route?.includes('/roles/')).map((call) => [call.method, call.status, call.reason])).toEqual([
      ['PUT', 204, 'rank is Veteran'],
      ['DELETE', 204, 'rank is no longer Veteran'],
    ]);
    expect(discord.roleChanges(target.user.id).map((change) => [change.change, change.roleName, change.by])).toEqual([
      ['added', 'Veteran', 'bot'],
      ['removed', 'Veteran', 'bot'],
    ]);
  });

  it('answers unknown members and roles with Discord error codes, and a role above the bot with 50013', async () => {
    const guild = await start();
    const someone = discord.members().find((member) => !member.user.bot);
    if (!someone) throw new Error('no human member');
    await expect(guild.members.addRole({ user: '123456789012345678', role: discord.rankRoleIds.Member })).rejects.toMatchObject({
      code: 10007,
      status: 404,
    });
    await expect(guild.members.addRole({ user: someone.user.id, role: '123456789012345678' })).rejects.toMatchObject({
      code: 10011,
      status: 404,
    });
    await expect(
      guild.members.addRole({ user: someone.user.id, role: discord.roleId(discord.initialGuild.botUser.username) }),
    ).rejects.toMatchObject({
      code: 50013,
      status: 403,
    });
  });

  it('lets discord.js wait out a 429 (retry_after) on a rate-limited route, and counts the 429', async () => {
    const guild = await start();
    discord.setRouteLimit({
      bucket: 'member-roles',
      routes: [DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole],
      limit: 1,
      windowMs: 600,
    });
    const [first, second] = discord.members().filter((member) => !member.user.bot);
    const member = discord.rankRoleIds.Member;

    // discord.js learns that PUT and DELETE share a bucket only from the answers; its first DELETE
    // therefore runs into the bucket the PUT used up, gets a 429, waits retry_after and tries again.
    const started = Date.now();
    await guild.members.addRole({ user: first.user.id, role: member });
    await guild.members.removeRole({ user: second.user.id, role: member });

    expect(discord.rateLimitHits).toBe(1);
    const roleCalls = discord.calls.filter((call) => call.bucket === 'member-roles');
    expect(roleCalls.map((call) => [call.method, call.status])).toEqual([
      ['PUT', 204],
      ['DELETE', 429],
      ['DELETE', 204],
    ]);
    expect(roleCalls[2].at - roleCalls[1].at).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('keeps within the limit without 429s once discord.js knows the bucket', async () => {
    const guild = await start();
    discord.setRouteLimit({
      bucket: 'member-roles',
      routes: [DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole],
      limit: 2,
      windowMs: 300,
    });
    const humans = discord
      .members()
      .filter((member) => !member.user.bot)
      .slice(0, 6);
    for (const human of humans) await guild.members.addRole({ user: human.user.id, role: discord.rankRoleIds.Initiate });
    expect(discord.rateLimitHits).toBe(0);
    expect(humans.every((human) => discord.member(human.user.id)?.roles.includes(discord.rankRoleIds.Initiate))).toBe(true);
  });

  it('delivers a DM to an open user and refuses one to a closed user with 50007', async () => {
    await start();
    const [open, closed] = discord.members().filter((member) => !member.user.bot);
    discord.setDmsClosed(closed.user.id);
    const api = client as Client<true>;

    await (await api.users.fetch(open.user.id)).send('Your invite code: ABCD-1234');
    expect(discord.dms(open.user.id).map((message) => message.content)).toEqual(['Your invite code: ABCD-1234']);

    const error = await (await api.users.fetch(closed.user.id)).send('Your invite code: WXYZ-9876').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50007, status: 403, message: 'Cannot send messages to this user' });
    expect(discord.dms(closed.user.id)).toEqual([]);
  });

  it('records embeds sent to the audit channel and refuses an embed over the limits with 50035', async () => {
    const guild = await start();
    const channel = guild.channels.cache.get(discord.auditChannelId);
    if (!channel || channel.type !== ChannelType.GuildText) throw new Error('no audit text channel');

    await channel.send({
      content: 'Integrity report',
      embeds: [
        {
          title: '3 new issues',
          description: 'Found by the nightly sync',
          color: 0xe67e22,
          fields: [{ name: 'orphan_character', value: 'Trogdor (Area 52)' }],
        },
        { title: 'Resolved', fields: [{ name: 'role_mismatch', value: 'élune#0', inline: true }], footer: { text: 'PATT' } },
      ],
    });
    const [message] = discord.auditMessages();
    expect(message.content).toBe('Integrity report');
    expect(message.embeds).toEqual([
      {
        type: 'rich',
        title: '3 new issues',
        description: 'Found by the nightly sync',
        color: 0xe67e22,
        fields: [{ name: 'orphan_character', value: 'Trogdor (Area 52)' }],
      },
      { type: 'rich', title: 'Resolved', fields: [{ name: 'role_mismatch', value: 'élune#0', inline: true }], footer: { text: 'PATT' } },
    ]);

    const tooLong = await channel.send({ embeds: [{ title: 'x'.repeat(257) }] }).catch((caught: unknown) => caught);
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect(tooLong).toMatchObject({
      code: 50035,
      status: 400,
      rawError: { errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
    const tooBig = await channel
      .send({ embeds: [{ description: 'x'.repeat(4_000) }, { description: 'y'.repeat(2_001) }] })
      .catch((caught: unknown) => caught);
    expect(tooBig).toMatchObject({ code: 50035, rawError: { errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } } });
    expect(discord.auditMessages()).toHaveLength(1);
  });

  it('answers a second post with the same nonce and enforce_nonce with the first message, as Discord does', async () => {
    const guild = await start();
    const channel = guild.channels.cache.get(discord.auditChannelId);
    if (!channel || channel.type !== ChannelType.GuildText) throw new Error('no audit text channel');

    const first = await channel.send({ content: 'Results are in', nonce: 'patt-0001', enforceNonce: true });
    const again = await channel.send({ content: 'Results are in', nonce: 'patt-0001', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(discord.auditMessages().map((message) => message.content)).toEqual(['Results are in']);
    expect(discord.callsTo(DiscordRoute.createMessage).map((call) => call.status)).toEqual([200, 200]);

    // Without enforce_nonce a nonce is only a tag: Discord posts again.
    const untagged = await channel.send({ content: 'Results are in', nonce: 'patt-0001' });
    expect(untagged.id).not.toBe(first.id);
    expect(discord.auditMessages()).toHaveLength(2);

    const tooLong = await channel.send({ content: 'x', nonce: 'n'.repeat(26), enforceNonce: true }).catch((caught: unknown) => caught);
    expect(tooLong).toMatchObject({ code: 50035, rawError: { errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
  });

  it('applies a call whose answer it holds back, and answers once released', async () => {
    const guild = await start();
    const channel = guild.channels.cache.get(discord.auditChannelId);
    if (!channel || channel.type !== ChannelType.GuildText) throw new Error('no audit text channel');
    const hold = discord.holdAnswers(DiscordRoute.createMessage);

    let answered = false;
    const sending = channel.send({ content: 'Held' }).then((message) => {
      answered = true;
      return message;
    });
    await discord.waitForCall((call) => call.route === DiscordRoute.createMessage);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(discord.auditMessages().map((message) => message.content)).toEqual(['Held']);
    expect(answered).toBe(false);
    expect(hold.held).toBe(1);

    hold.release();
    expect((await sending).id).toBe(discord.auditMessages()[0]!.id);
    // Released holds hold nothing more.
    await channel.send({ content: 'Free' });
    expect(hold.held).toBe(0);
  });
});

async function loginWith(discord: DiscordStandIn, token: string): Promise<void> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers], rest: { api: discord.apiUrl } });
  try {
    await client.login(token);
  } finally {
    await client.destroy();
  }
}

/** The status of a bare request, for what discord.js does not show. */
async function statusOf(discord: DiscordStandIn, path: string, authorization: string): Promise<number> {
  const response = await fetch(`${discord.apiUrl}${path}`, { headers: { Authorization: authorization } });
  await response.arrayBuffer();
  return response.status;
}

import { generateDiscordGuild } from './generator';
import { compareSnowflakes } from './snowflake';
import { RANK_ROLE_NAMES } from './types';

describe('generateDiscordGuild', () => {
  const big = generateDiscordGuild({ seed: 42, memberCount: 2500 });

  it('builds the same guild for the same seed and another for another seed', () => {
    const again = generateDiscordGuild({ seed: 42, memberCount: 2500 });
    expect(again).toEqual(big);
    const other = generateDiscordGuild({ seed: 43, memberCount: 2500 });
    expect(other.id).not.toBe(big.id);
    expect(other.members.map((member) => member.user.username)).not.toEqual(big.members.map((member) => member.user.username));
  });

  it('gives exactly memberCount members, the bot among them, with unique realistic snowflakes', () => {
    expect(big.members).toHaveLength(2500);
    expect(big.members.some((member) => member.user.id === big.botUser.id)).toBe(true);
    const ids = [
      ...big.members.map((member) => member.user.id),
      ...big.roles.map((role) => role.id),
      ...big.channels.map((channel) => channel.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d{17,19}$/);
    const lengths = new Set(big.members.map((member) => member.user.id.length));
    expect(lengths.size).toBeGreaterThan(1);
  });

  it('gives unique Discord-style usernames and a mix of display names', () => {
    const humans = big.members.filter((member) => !member.user.bot);
    const usernames = humans.map((member) => member.user.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const username of usernames) expect(username).toMatch(/^[a-z0-9_.]{2,32}$/);
    const displayNames = humans.map((member) => member.user.global_name ?? '');
    expect(displayNames.some((name) => /[À-ÿ]/.test(name))).toBe(true); // accents
    expect(displayNames.some((name) => /[А-я]/.test(name))).toBe(true); // Cyrillic
    expect(displayNames.some((name) => name.trim().includes(' '))).toBe(true); // several words
    expect(humans.some((member) => member.user.global_name === null)).toBe(true);
    expect(humans.some((member) => member.nick)).toBe(true);
    for (const member of humans) expect(member.user.discriminator).toBe('0');
  });

  it('has the rank roles, one guild leader who owns the guild, some bots and some closed DMs', () => {
    expect(Object.keys(big.rankRoleIds).sort()).toEqual([...RANK_ROLE_NAMES].sort());
    const roleNames = big.roles.map((role) => role.name);
    expect(roleNames).toEqual(expect.arrayContaining(['@everyone', ...RANK_ROLE_NAMES, 'Raider', 'Bots']));
    expect(big.roles.find((role) => role.name === '@everyone')?.id).toBe(big.id);
    const leaders = big.members.filter((member) => member.roles.includes(big.rankRoleIds['Guild Leader']));
    expect(leaders.map((member) => member.user.id)).toEqual([big.ownerId]);
    const otherBots = big.members.filter((member) => member.user.bot && member.user.id !== big.botUser.id);
    expect(otherBots.length).toBeGreaterThan(5);
    expect(big.dmsClosed.length).toBeGreaterThan(100);
    expect(big.channels.find((channel) => channel.id === big.auditChannelId)?.name).toBe('patt-audit');
  });

  it('puts the bot role above every rank role so the bot may manage them', () => {
    const botMember = big.members.find((member) => member.user.id === big.botUser.id);
    const botRole = big.roles.find((role) => role.id === botMember?.roles[0]);
    const rankPositions = RANK_ROLE_NAMES.map((name) => big.roles.find((role) => role.id === big.rankRoleIds[name])?.position ?? 99);
    expect(botRole?.managed).toBe(true);
    expect(Math.max(...rankPositions)).toBeLessThan(botRole?.position ?? 0);
  });

  it('adds members a test names, with their roles', () => {
    const guild = generateDiscordGuild({
      seed: 3,
      memberCount: 10,
      members: [
        { username: 'trogdor', globalName: 'Trog', nick: 'Trogdor | Tank', rank: 'Officer', otherRoles: ['Raider'], dmsClosed: true },
      ],
    });
    const trog = guild.members.find((member) => member.user.username === 'trogdor');
    expect(trog?.nick).toBe('Trogdor | Tank');
    expect(trog?.roles).toEqual([guild.rankRoleIds.Officer, guild.roles.find((role) => role.name === 'Raider')?.id]);
    expect(guild.dmsClosed).toContain(trog?.user.id);
    expect(guild.members).toHaveLength(10);
  });

  it('orders snowflakes numerically', () => {
    expect(compareSnowflakes('99999999999999999', '100000000000000000')).toBe(-1);
    expect(compareSnowflakes('100000000000000000', '99999999999999999')).toBe(1);
  });
});

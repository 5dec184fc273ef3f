import {
  ChannelType,
  PermissionFlagsBits,
  type APIGuildMember,
  type APIRole,
  type APIUser,
  type GuildMemberFlags,
  type RoleFlags,
} from 'discord-api-types/v10';
import {
  BOT_NAMES,
  CHARACTER_SYLLABLES,
  DISPLAY_NAMES,
  NICK_DECORATIONS,
  OTHER_ROLE_NAMES,
  USERNAME_HEADS,
  USERNAME_TAILS,
} from './names';
import { SeededRandom } from './random';
import { SnowflakeFactory } from './snowflake';
import { RANK_ROLE_NAMES, type GuildChannel, type GuildFixture, type RankRoleName } from './types';

/** A member a test wants to exist with known names and roles (e.g. to match a character). */
export interface MemberSpec {
  username: string;
  globalName?: string | null;
  nick?: string | null;
  rank?: RankRoleName | null;
  /** Names of other roles, e.g. 'Raider'. */
  otherRoles?: string[];
  bot?: boolean;
  dmsClosed?: boolean;
  /** A fixed user id; generated when absent. */
  id?: string;
}

export interface GenerateGuildOptions {
  /** Same seed, same guild: ids, names and roles. Default 1. */
  seed?: number;
  /** Total guild members, the bot and `members` included. Default 50. */
  memberCount?: number;
  guildName?: string;
  botName?: string;
  /** Members with known names, added before the generated ones. */
  members?: MemberSpec[];
  /** Share of generated humans whose DMs are closed. Default 0.08. */
  dmsClosedRatio?: number;
  /** Share of generated members that are (other) bots. Default 0.01. */
  botRatio?: number;
  /** "Now" for the fixture: join dates and ids are before it. Default 2025-06-01. */
  referenceDate?: Date;
}

const DISCORD_LAUNCH_MS = Date.UTC(2015, 4, 13);
const NO_ROLE_FLAGS = 0 as RoleFlags;
const NO_MEMBER_FLAGS = 0 as GuildMemberFlags;

const RANK_COLORS: Record<RankRoleName, number> = {
  'Guild Leader': 0xe67e22,
  Officer: 0x9b59b6,
  Veteran: 0x3498db,
  Member: 0x2ecc71,
  Initiate: 0x95a5a6,
};

/** Rank share among generated humans; the rest have no rank role. The guild leader is the owner. */
const RANK_WEIGHTS: readonly (readonly [RankRoleName | null, number])[] = [
  ['Officer', 0.03],
  ['Veteran', 0.18],
  ['Member', 0.4],
  ['Initiate', 0.17],
  [null, 0.22],
];

function permissions(...flags: bigint[]): string {
  return flags.reduce((all, flag) => all | flag, 0n).toString();
}

const BASE_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.Connect,
  PermissionFlagsBits.Speak,
  PermissionFlagsBits.ChangeNickname,
];

function role(id: string, name: string, position: number, extra: Partial<APIRole> = {}): APIRole {
  const color = extra.color ?? 0;
  return {
    id,
    name,
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: NO_ROLE_FLAGS,
    ...extra,
  };
}

/**
 * Builds a realistic guild: the rank roles plus other roles, a few channels with the audit channel,
 * the bot, and `memberCount` members with mixed names (accents, Cyrillic, multi-word, emoji),
 * some bots and some with DMs closed. Deterministic for a seed.
 */
export function generateGuild(options: GenerateGuildOptions = {}): GuildFixture {
  const seed = options.seed ?? 1;
  const random = new SeededRandom(seed);
  const ids = new SnowflakeFactory(new SeededRandom(seed * 7919 + 17));
  const referenceMs = (options.referenceDate ?? new Date(Date.UTC(2025, 5, 1))).getTime();
  const guildCreatedMs = DISCORD_LAUNCH_MS + random.int(200, 400) * 86_400_000;

  const guildId = ids.at(guildCreatedMs);
  const guildName = options.guildName ?? 'PATT';

  // Roles, bottom to top: @everyone, other roles, ranks, the Bots role, the bot's managed role.
  const roles: APIRole[] = [role(guildId, '@everyone', 0, { permissions: permissions(...BASE_PERMISSIONS) })];
  const roleIdByName = new Map<string, string>();
  const bottomRoles = OTHER_ROLE_NAMES.filter((name) => name !== 'Bots').reverse();
  for (const name of bottomRoles) {
    const id = ids.between(guildCreatedMs, referenceMs);
    roles.push(role(id, name, roles.length, { mentionable: name !== 'Muted' }));
    roleIdByName.set(name, id);
  }
  const rankRoleIds = {} as Record<RankRoleName, string>;
  for (const name of [...RANK_ROLE_NAMES].reverse()) {
    const id = ids.at(guildCreatedMs + roles.length * 60_000);
    const extra: Partial<APIRole> = { color: RANK_COLORS[name], hoist: true, mentionable: true };
    if (name === 'Officer') {
      extra.permissions = permissions(PermissionFlagsBits.KickMembers, PermissionFlagsBits.ManageMessages);
    }
    if (name === 'Guild Leader') extra.permissions = permissions(PermissionFlagsBits.Administrator);
    roles.push(role(id, name, roles.length, extra));
    rankRoleIds[name] = id;
    roleIdByName.set(name, id);
  }
  const botsRoleId = ids.between(guildCreatedMs, referenceMs);
  roles.push(role(botsRoleId, 'Bots', roles.length, { hoist: true }));
  roleIdByName.set('Bots', botsRoleId);

  // The bot: its application/user id, and the managed role Discord gives it on joining, on top so
  // it may manage every rank role.
  const botCreatedMs = referenceMs - random.int(60, 400) * 86_400_000;
  const botId = ids.at(botCreatedMs);
  const botUser: APIUser = {
    id: botId,
    username: options.botName ?? 'PATT Bot',
    discriminator: String(random.int(1000, 9999)),
    global_name: null,
    avatar: null,
    bot: true,
    public_flags: 0,
  };
  const botRoleId = ids.at(botCreatedMs + 86_400_000);
  roles.push(
    role(botRoleId, botUser.username, roles.length, {
      managed: true,
      tags: { bot_id: botId },
      permissions: permissions(
        PermissionFlagsBits.ManageRoles,
        PermissionFlagsBits.ViewChannel,
        PermissionFlagsBits.SendMessages,
        PermissionFlagsBits.EmbedLinks,
        PermissionFlagsBits.ReadMessageHistory,
      ),
    }),
  );

  const channels = buildChannels(guildId, guildCreatedMs, ids);
  const auditChannel = channels.find((channel) => channel.name === 'patt-audit');
  if (!auditChannel) throw new Error('generator lost the audit channel');

  const names = new NameSource(random);
  const members: APIGuildMember[] = [];
  const dmsClosed: string[] = [];
  const joinedAt = (userCreatedMs: number): string =>
    new Date(Math.max(userCreatedMs, guildCreatedMs) + random.next() * (referenceMs - Math.max(userCreatedMs, guildCreatedMs))).toISOString();

  members.push({
    ...memberShell(botUser, new Date(botCreatedMs + 86_400_000 * 2).toISOString()),
    roles: [botRoleId],
  });

  const addSpec = (spec: MemberSpec, createdMs: number): void => {
    const id = spec.id ?? ids.at(createdMs);
    names.reserve(spec.username);
    const user: APIUser = {
      id,
      username: spec.username,
      discriminator: spec.bot ? String(random.int(1000, 9999)) : '0',
      global_name: spec.globalName ?? null,
      avatar: random.chance(0.6) ? random.hex(32) : null,
      public_flags: 0,
      ...(spec.bot ? { bot: true } : {}),
    };
    const memberRoles: string[] = [];
    if (spec.rank) memberRoles.push(rankRoleIds[spec.rank]);
    for (const name of spec.otherRoles ?? []) {
      const roleId = roleIdByName.get(name);
      if (!roleId) throw new Error(`unknown role '${name}' for member ${spec.username}`);
      memberRoles.push(roleId);
    }
    if (spec.bot && !memberRoles.includes(botsRoleId)) memberRoles.push(botsRoleId);
    members.push({ ...memberShell(user, joinedAt(createdMs)), nick: spec.nick ?? null, roles: memberRoles });
    if (spec.dmsClosed) dmsClosed.push(id);
  };

  const userCreatedAt = (): number => DISCORD_LAUNCH_MS + random.next() * (referenceMs - 30 * 86_400_000 - DISCORD_LAUNCH_MS);
  for (const spec of options.members ?? []) addSpec(spec, userCreatedAt());

  const memberCount = options.memberCount ?? 50;
  const botRatio = options.botRatio ?? 0.01;
  const dmsClosedRatio = options.dmsClosedRatio ?? 0.08;
  let ownerId: string | null = null;
  while (members.length < memberCount) {
    if (ownerId === null) {
      // The guild leader owns the guild and joined on day one.
      const createdMs = guildCreatedMs - random.int(10, 200) * 86_400_000;
      addSpec({ username: names.username(), globalName: names.displayName(), nick: names.nick(), rank: 'Guild Leader' }, createdMs);
      const leader = members[members.length - 1];
      leader.joined_at = new Date(guildCreatedMs).toISOString();
      ownerId = leader.user.id;
      continue;
    }
    if (random.chance(botRatio)) {
      addSpec({ username: names.botName(), bot: true, otherRoles: ['Bots'] }, userCreatedAt());
      continue;
    }
    const rank = weighted(random, RANK_WEIGHTS);
    const otherRoles: string[] = [];
    if (rank && rank !== 'Initiate' && random.chance(0.35)) otherRoles.push('Raider');
    if (rank && random.chance(0.25)) otherRoles.push('Mythic+');
    if (random.chance(0.1)) otherRoles.push('PvP');
    if (random.chance(0.08)) otherRoles.push('Crafter');
    if (!rank && random.chance(0.5)) otherRoles.push('Friend of the Guild');
    if (random.chance(0.01)) otherRoles.push('Muted');
    const spec: MemberSpec = {
      username: names.username(),
      globalName: random.chance(0.85) ? names.displayName() : null,
      nick: random.chance(0.3) ? names.nick() : null,
      rank,
      otherRoles,
      dmsClosed: random.chance(dmsClosedRatio),
    };
    addSpec(spec, userCreatedAt());
    // A few members carry a second, stale rank role: what role sync is there to clean up.
    if (rank && rank !== 'Officer' && random.chance(0.02)) {
      const current = members[members.length - 1];
      current.roles.push(rankRoleIds[rank === 'Initiate' ? 'Member' : 'Initiate']);
    }
  }

  return {
    id: guildId,
    name: guildName,
    ownerId: ownerId ?? members[members.length > 1 ? 1 : 0].user.id,
    botUser,
    applicationId: botId,
    roles,
    channels,
    auditChannelId: auditChannel.id,
    members,
    dmsClosed,
    rankRoleIds,
  };
}

function memberShell(user: APIUser, joinedAt: string): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: [],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_MEMBER_FLAGS,
    pending: false,
    communication_disabled_until: null,
  };
}

function buildChannels(guildId: string, createdMs: number, ids: SnowflakeFactory): GuildChannel[] {
  const categoryId = ids.at(createdMs + 1_000);
  const text = (name: string, position: number, topic: string | null): GuildChannel => ({
    id: ids.at(createdMs + 2_000 + position * 1_000),
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: categoryId,
    nsfw: false,
    topic,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  });
  return [
    {
      id: categoryId,
      type: ChannelType.GuildCategory,
      guild_id: guildId,
      name: 'Guild',
      position: 0,
      permission_overwrites: [],
      nsfw: false,
      flags: 0,
    },
    text('general', 1, 'Say hi'),
    text('announcements', 2, 'Raid times and news'),
    text('raid-signups', 3, null),
    text('patt-audit', 4, 'Integrity reports and sync summaries from the PATT bot'),
    {
      id: ids.at(createdMs + 9_000),
      type: ChannelType.GuildVoice,
      guild_id: guildId,
      name: 'Raid',
      position: 5,
      permission_overwrites: [],
      parent_id: categoryId,
      nsfw: false,
      bitrate: 64_000,
      user_limit: 0,
      rtc_region: null,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: 0,
    },
  ];
}

function weighted<T>(random: SeededRandom, weights: readonly (readonly [T, number])[]): T {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weights[weights.length - 1][0];
}

/** Unique Discord usernames (2–32 of a-z 0-9 _ .) and free-form display names and nicknames. */
class NameSource {
  private readonly usernames = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  reserve(username: string): void {
    this.usernames.add(username.toLowerCase());
  }

  username(): string {
    const head = this.random.pick(USERNAME_HEADS);
    const tail = this.random.pick(USERNAME_TAILS);
    const separator = tail ? this.random.pick(['', '', '_', '.']) : '';
    let base = `${head}${separator}${tail}`;
    if (this.random.chance(0.3)) base += String(this.random.int(1, 99));
    let candidate = base.slice(0, 32);
    while (this.usernames.has(candidate)) candidate = `${base.slice(0, 28)}${this.random.int(0, 9999)}`;
    this.usernames.add(candidate);
    return candidate;
  }

  displayName(): string {
    const name = this.random.pick(DISPLAY_NAMES);
    return this.random.chance(0.2) ? `${name} ${this.random.pick(['II', 'the Bold', 'Jr', '🔥', 'Heals'])}` : name;
  }

  characterName(): string {
    const first = this.random.pick(CHARACTER_SYLLABLES);
    const second = this.random.pick(CHARACTER_SYLLABLES).toLowerCase();
    const third = this.random.chance(0.4) ? this.random.pick(CHARACTER_SYLLABLES).toLowerCase() : '';
    const name = `${first}${second}${third}`;
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  nick(): string {
    return this.random
      .pick(NICK_DECORATIONS)
      .replace('{name}', this.characterName())
      .replace('{other}', this.characterName());
  }

  botName(): string {
    let name = this.random.pick(BOT_NAMES);
    while (this.usernames.has(name.toLowerCase())) name = `${this.random.pick(BOT_NAMES)} ${this.random.int(2, 99)}`;
    this.reserve(name);
    return name;
  }
}

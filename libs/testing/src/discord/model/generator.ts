import type { APIGuildMember, APIUser } from 'discord-api-types/v10';
import { NO_FLAGS } from './flags';
import { buildChannels, buildRoles, type GuildRoles } from './guild-layout';
import { NameSource } from './names';
import { SeededRandom } from '../../seeded-random';
import { SnowflakeFactory } from './snowflake';
import type { DiscordGuildFixture, RankRoleName } from './types';

/** A member a test wants to exist with known names and roles (e.g. to match a character). */
export interface DiscordMemberSpec {
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

export interface GenerateDiscordGuildOptions {
  /** Same seed, same guild: ids, names and roles. Default 1. */
  seed?: number;
  /** Total guild members, the bot and `members` included. Default 50. */
  memberCount?: number;
  guildName?: string;
  botName?: string;
  /** Members with known names, added before the generated ones. */
  members?: DiscordMemberSpec[];
  /** Share of generated humans whose DMs are closed. Default 0.08. */
  dmsClosedRatio?: number;
  /** Share of generated members that are (other) bots. Default 0.01. */
  botRatio?: number;
  /** "Now" for the fixture: join dates and ids are before it. Default 2025-06-01. */
  referenceDate?: Date;
}

const DISCORD_LAUNCH_MS = Date.UTC(2015, 4, 13);
const DAY_MS = 86_400_000;

/** Rank share among generated humans; the rest have no rank role. The guild leader is the owner. */
const RANK_WEIGHTS: readonly (readonly [RankRoleName | null, number])[] = [
  ['Officer', 0.03],
  ['Veteran', 0.18],
  ['Member', 0.4],
  ['Initiate', 0.17],
  [null, 0.22],
];

/**
 * Builds a realistic guild: the rank roles plus other roles, a few channels with the audit channel,
 * the bot, and `memberCount` members with mixed names (accents, Cyrillic, multi-word, emoji),
 * some bots and some with DMs closed. Deterministic for a seed.
 */
export function generateDiscordGuild(options: GenerateDiscordGuildOptions = {}): DiscordGuildFixture {
  const seed = options.seed ?? 1;
  const random = SeededRandom.spread(seed);
  const ids = new SnowflakeFactory(SeededRandom.spread(seed * 7919 + 17));
  const referenceMs = (options.referenceDate ?? new Date(Date.UTC(2025, 5, 1))).getTime();
  const guildCreatedMs = DISCORD_LAUNCH_MS + random.int(200, 400) * DAY_MS;
  const guildId = ids.at(guildCreatedMs);

  // The bot's user id is also its application id, as for every Discord bot.
  const botCreatedMs = referenceMs - random.int(60, 400) * DAY_MS;
  const botUser: APIUser = {
    id: ids.at(botCreatedMs),
    username: options.botName ?? 'PATT Bot',
    discriminator: String(random.int(1000, 9999)),
    global_name: null,
    avatar: null,
    bot: true,
    public_flags: NO_FLAGS.user,
  };
  const layout = buildRoles(guildId, guildCreatedMs, { id: botUser.id, name: botUser.username, createdMs: botCreatedMs }, ids);
  const channels = buildChannels(guildId, guildCreatedMs, ids);
  const auditChannel = channels.find((channel) => channel.name === 'patt-audit');
  if (!auditChannel) throw new Error('generator lost the audit channel');

  const members = new MemberFactory(random, ids, layout, guildCreatedMs, referenceMs);
  members.addBot(botUser, botCreatedMs + 2 * DAY_MS, layout.botRoleId);
  for (const spec of options.members ?? []) members.add(spec);
  members.fill(options.memberCount ?? 50, options.botRatio ?? 0.01, options.dmsClosedRatio ?? 0.08);

  return {
    id: guildId,
    name: options.guildName ?? 'PATT',
    ownerId: members.ownerId ?? members.members.find((member) => !member.user.bot)?.user.id ?? botUser.id,
    botUser,
    applicationId: botUser.id,
    roles: layout.roles,
    channels,
    auditChannelId: auditChannel.id,
    members: members.members,
    dmsClosed: members.dmsClosed,
    rankRoleIds: layout.rankRoleIds,
  };
}

/** Adds members one by one: explicit ones, then generated ones up to a count. */
class MemberFactory {
  readonly members: APIGuildMember[] = [];
  readonly dmsClosed: string[] = [];
  ownerId: string | null = null;
  private readonly names: NameSource;

  constructor(
    private readonly random: SeededRandom,
    private readonly ids: SnowflakeFactory,
    private readonly layout: GuildRoles,
    private readonly guildCreatedMs: number,
    private readonly referenceMs: number,
  ) {
    this.names = new NameSource(random);
  }

  addBot(botUser: APIUser, joinedMs: number, botRoleId: string): void {
    this.names.reserve(botUser.username);
    this.members.push({ ...memberShell(botUser, new Date(joinedMs).toISOString()), roles: [botRoleId] });
  }

  add(spec: DiscordMemberSpec, createdMs = this.userCreatedAt()): APIGuildMember {
    const { random, layout } = this;
    const id = spec.id ?? this.ids.at(createdMs);
    this.names.reserve(spec.username);
    const user: APIUser = {
      id,
      username: spec.username,
      discriminator: spec.bot ? String(random.int(1000, 9999)) : '0',
      global_name: spec.globalName ?? null,
      avatar: random.chance(0.6) ? random.hex(32) : null,
      public_flags: NO_FLAGS.user,
      ...(spec.bot ? { bot: true } : {}),
    };
    const roles: string[] = [];
    if (spec.rank) roles.push(layout.rankRoleIds[spec.rank]);
    for (const name of spec.otherRoles ?? []) {
      const roleId = layout.roleIdByName.get(name);
      if (!roleId) throw new Error(`unknown role '${name}' for member ${spec.username}`);
      if (!roles.includes(roleId)) roles.push(roleId);
    }
    if (spec.bot && !roles.includes(layout.botsRoleId)) roles.push(layout.botsRoleId);
    const member: APIGuildMember = { ...memberShell(user, this.joinedAt(createdMs)), nick: spec.nick ?? null, roles };
    this.members.push(member);
    if (spec.dmsClosed) this.dmsClosed.push(id);
    return member;
  }

  /** Generated members until there are `count`; the first is the guild leader, who owns the guild. */
  fill(count: number, botRatio: number, dmsClosedRatio: number): void {
    const { random, names } = this;
    while (this.members.length < count) {
      if (this.ownerId === null) {
        const leaderSpec: DiscordMemberSpec = {
          username: names.username(),
          globalName: names.displayName(),
          nick: names.nick(),
          rank: 'Guild Leader',
        };
        const leader = this.add(leaderSpec, this.guildCreatedMs - random.int(10, 200) * DAY_MS);
        leader.joined_at = new Date(this.guildCreatedMs).toISOString();
        this.ownerId = leader.user.id;
      } else if (random.chance(botRatio)) {
        this.add({ username: names.botName(), bot: true });
      } else {
        this.addGeneratedHuman(dmsClosedRatio);
      }
    }
  }

  private addGeneratedHuman(dmsClosedRatio: number): void {
    const { random, names } = this;
    const rank = random.weighted(RANK_WEIGHTS);
    const otherRoles: string[] = [];
    if (rank && rank !== 'Initiate' && random.chance(0.35)) otherRoles.push('Raider');
    if (rank && random.chance(0.25)) otherRoles.push('Mythic+');
    if (random.chance(0.1)) otherRoles.push('PvP');
    if (random.chance(0.08)) otherRoles.push('Crafter');
    if (!rank && random.chance(0.5)) otherRoles.push('Friend of the Guild');
    if (random.chance(0.01)) otherRoles.push('Muted');
    const member = this.add({
      username: names.username(),
      globalName: random.chance(0.85) ? names.displayName() : null,
      nick: random.chance(0.3) ? names.nick() : null,
      rank,
      otherRoles,
      dmsClosed: random.chance(dmsClosedRatio),
    });
    // A few members carry a second, stale rank role: what role sync is there to clean up.
    if (rank && rank !== 'Officer' && random.chance(0.02)) {
      member.roles.push(this.layout.rankRoleIds[rank === 'Initiate' ? 'Member' : 'Initiate']);
    }
  }

  private userCreatedAt(): number {
    return DISCORD_LAUNCH_MS + this.random.next() * (this.referenceMs - 30 * DAY_MS - DISCORD_LAUNCH_MS);
  }

  private joinedAt(userCreatedMs: number): string {
    const earliest = Math.max(userCreatedMs, this.guildCreatedMs);
    return new Date(earliest + this.random.next() * (this.referenceMs - earliest)).toISOString();
  }
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
    flags: NO_FLAGS.member,
    pending: false,
    communication_disabled_until: null,
  };
}

import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IntegrityRunResult } from '@patt/contracts';
import { IdentityConfig } from '../app/identity.config';
import { BattlenetClaimsService } from '../battlenet/battlenet-claims.service';
import { BattlenetRepository } from '../battlenet/battlenet.repository';
import { runIntegrity, type IntegrityClaimConflict, type IntegrityInput } from '../integrity';
import { IntegrityReporter } from '../issues/integrity-reporter';
import { IssuesRepository } from '../issues/issues.repository';
import { MembersRepository } from '../members/members.repository';
import type { Membership, World } from './world';

/**
 * An integrity check against the stored picture (as a matching run just left it, when one ran
 * first), applied in the caller's transaction: new findings open issues (the partial unique index
 * decides which are new), findings gone resolve theirs, the rest are refreshed; what opened and
 * what resolved is reported once, in `integrity-reported`.
 */
@Injectable()
export class IntegrityRunService {
  private readonly logger = new Logger(IntegrityRunService.name);

  constructor(
    private readonly config: IdentityConfig,
    private readonly issues: IssuesRepository,
    private readonly members: MembersRepository,
    private readonly reporter: IntegrityReporter,
    private readonly battlenet: BattlenetRepository,
    private readonly claims: BattlenetClaimsService,
  ) {}

  async run(manager: EntityManager, world: World, memberships: readonly Membership[], now: Date = new Date()): Promise<IntegrityRunResult> {
    const input = { ...this.inputOf(world, memberships, now), claimConflicts: await this.claimConflicts(manager, memberships) };
    const outcome = runIntegrity(input, await this.issues.open(manager));
    const opened = await this.issues.openFindings(manager, outcome.opened, now);
    const resolved = await this.issues.resolve(manager, outcome.resolved.map((issue) => issue.id), now);
    await this.issues.refresh(manager, outcome.stillOpen.map(({ issue, finding }) => ({ id: issue.id, finding })), now);

    // A rank has settled once the member's Discord roles raise no doubt about it; until then the
    // rank before the change is kept, so `rank_changed` stays open until the role follows.
    const unsettled = new Set(
      outcome.findings.filter((f) => f.type === 'role_mismatch' || f.type === 'no_guild_role').flatMap((f) => (f.personId ? [f.personId] : [])),
    );
    await this.members.recordCheckedRanks(manager, memberships.filter((m) => !unsettled.has(m.personId)).map((m) => m.personId), now);

    const openCount = await this.issues.countOpen(manager);
    if (opened.length + resolved.length > 0) {
      await this.reporter.publish(manager, { full: false, opened, resolved, openCount });
      this.logger.log({ opened: opened.length, resolved: resolved.length, open: openCount }, 'integrity issues reported');
    }
    return { open: openCount, opened: opened.length, resolved: resolved.length };
  }

  /** Stored Battle.net claims that an officer's link or rejection contradicts. */
  private async claimConflicts(manager: EntityManager, memberships: readonly Membership[]): Promise<IntegrityClaimConflict[]> {
    const claims = await this.battlenet.claims(manager);
    if (claims.length === 0) return [];
    const states = await this.battlenet.characterStates(manager, claims.map((c) => c.blizzardCharacterId));
    const discordOf = new Map(memberships.map((m) => [m.personId, m.discordUserId]));
    const conflicts: IntegrityClaimConflict[] = [];
    for (const claim of claims) {
      const decision = this.claims.decide(claim, states.get(claim.blizzardCharacterId), discordOf.get(claim.personId) ?? null);
      if (decision.kind !== 'conflict') continue;
      const account = await this.battlenet.accountOf(claim.personId, manager);
      conflicts.push({
        characterId: decision.characterId,
        personId: claim.personId,
        battletag: account?.battletag ?? null,
        reason: decision.reason,
        holderPersonId: decision.holder?.personId ?? null,
      });
    }
    return conflicts;
  }

  private inputOf(world: World, memberships: readonly Membership[], now: Date): IntegrityInput {
    const personOf = new Map<string, string>();
    for (const member of memberships) for (const id of member.characterIds) personOf.set(id, member.personId);
    const previousRanks = new Map<string, number | null>();
    for (const member of world.members) if (member.rankChecked) previousRanks.set(member.personId, member.checkedRankLevel);
    return {
      characters: world.characters.map((c) => ({
        id: c.id,
        name: c.name,
        realmSlug: c.realmSlug,
        inGuild: c.inGuild,
        lastLoginAt: c.lastLoginAt,
        guildRankIndex: c.guildRankIndex,
        personId: personOf.get(c.id) ?? null,
      })),
      discordMembers: world.discordMembers,
      members: memberships.map((m) => ({
        personId: m.personId,
        rankLevel: m.rankLevel,
        rankOverridden: m.rankOverride !== null,
        discordUserId: m.discordUserId,
        characterIds: m.characterIds,
      })),
      ranks: world.ranks.map((rank) => ({ level: rank.level, name: rank.name, discordRoleId: rank.discordRoleId })),
      previousRanks,
      now,
      staleAfterDays: this.config.STALE_AFTER_DAYS,
    };
  }
}

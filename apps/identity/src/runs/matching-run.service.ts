import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { LinkMethod, MatchingRunResult } from '@patt/contracts';
import { ConflictsRepository } from '../conflicts/conflicts.repository';
import { LinksRepository, NewLink } from '../links/links.repository';
import { planMatching, type MatchingPlan, type PlannedMember } from '../matching';
import { MemberEvents } from '../members/member-events';
import { mainAfter, type MainCandidate } from '../members/membership';
import { MembersRepository, NewMember } from '../members/members.repository';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { MatchingRunsRepository } from './matching-runs.repository';
import { matchingInputOf, type Membership, type World } from './world';

export type RunTrigger = 'events' | 'officer' | 'schedule';

/** When a member gains links of several kinds at once, the announcement names the strongest. */
const METHOD_RANK: Readonly<Record<LinkMethod, number>> = {
  manual: 6,
  import: 5,
  suggestion_confirmed: 4,
  // A member's own Battle.net account: above every automatic link, below an officer's.
  battlenet: 3.5,
  note_hint: 3,
  note_key: 2,
  exact_name: 1,
};

export interface AppliedMatching {
  result: MatchingRunResult;
  /** The members as the plan leaves them: what an integrity check right after must look at. */
  memberships: Membership[];
}

/**
 * A matching run against the stored picture: the pure engine plans, and this stores the plan in
 * the caller's transaction (which holds the membership lock): new members and links, ranks and
 * mains, the open suggestions, the run's record, and the announcements (`member-matched` for each
 * member that gained links, `member-rank-changed` for each rank that moved).
 */
@Injectable()
export class MatchingRunService {
  private readonly logger = new Logger(MatchingRunService.name);

  constructor(
    private readonly members: MembersRepository,
    private readonly links: LinksRepository,
    private readonly suggestions: SuggestionsRepository,
    private readonly memberEvents: MemberEvents,
    private readonly runs: MatchingRunsRepository,
    private readonly conflicts: ConflictsRepository,
  ) {}

  async run(manager: EntityManager, world: World, trigger: RunTrigger): Promise<AppliedMatching> {
    const startedAt = new Date();
    const plan = planMatching(matchingInputOf(world));
    const personIdOf = new Map(plan.members.map((m) => [m.ref, m.personId ?? randomUUID()]));
    const stored = new Map(world.members.map((m) => [m.personId, m]));
    const characterById = new Map(world.characters.map((c) => [c.id, c]));
    const candidateOf = (id: string): MainCandidate | undefined => characterById.get(id);

    const created: NewMember[] = [];
    const changed: NewMember[] = [];
    const memberships: Membership[] = [];
    for (const planned of plan.members) {
      const personId = personIdOf.get(planned.ref) as string;
      const before = planned.personId ? stored.get(planned.personId) : undefined;
      const mainCharacterId = mainAfter(before?.mainCharacterId ?? null, planned.mainCharacterId, planned.characterIds, candidateOf);
      const rankLevel = planned.rank.level as NewMember['rankLevel'];
      const row: NewMember = { id: personId, mainCharacterId, rankLevel };
      if (!before) created.push(row);
      else if (before.rankLevel !== rankLevel || before.mainCharacterId !== mainCharacterId) changed.push(row);
      memberships.push({
        personId,
        characterIds: planned.characterIds,
        discordUserId: planned.discordUserId,
        rankLevel,
        rankOverride: before?.rankOverride ?? null,
        mainCharacterId,
      });
    }

    const newLinks: NewLink[] = plan.links.map((link) => ({
      id: randomUUID(),
      personId: personIdOf.get(link.memberRef) as string,
      characterId: link.characterId,
      discordUserId: link.discordUserId,
      method: link.method,
      score: link.score,
      evidence: link.evidence,
      confirmedByUserId: null,
      confirmedBy: null,
    }));

    await this.members.insert(manager, created);
    await this.links.insert(manager, newLinks);
    await this.members.updateComputed(manager, changed);
    // Names shown for members change with Discord renames and new mains as much as with links.
    await this.members.refreshSortNames(manager);
    await this.suggestions.replaceOpen(manager, plan.suggestions);
    // Conflicts name members by the plan's refs; a member this run creates is named by its new id.
    const conflicts = plan.conflicts.map((c) => ({ ...c, personIds: c.personIds.flatMap((ref) => personIdOf.get(ref) ?? []) }));
    await this.runs.record(manager, { trigger, startedAt, counts: plan.counts, conflicts });
    await this.conflicts.replace(manager, conflicts, startedAt);
    await this.announce(manager, world, plan, personIdOf, newLinks);
    // Links and the roster both decide whether a member is still in the guild.
    await this.memberEvents.presenceChanged(manager, await this.members.refreshPresence(manager));

    if (plan.counts.linked > 0 || created.length > 0 || changed.length > 0) {
      this.logger.log(
        { trigger, ...plan.counts, newMembers: created.length, changedMembers: changed.length, conflicts: plan.conflicts.length, ms: Date.now() - startedAt.getTime() },
        'matching run applied',
      );
    }
    return { result: plan.counts, memberships };
  }

  private async announce(
    manager: EntityManager,
    world: World,
    plan: MatchingPlan,
    personIdOf: ReadonlyMap<string, string>,
    newLinks: readonly NewLink[],
  ): Promise<void> {
    const usernameOf = new Map(world.discordMembers.map((u) => [u.userId, u.username]));
    const stored = new Map(world.members.map((m) => [m.personId, m]));
    const gained = new Map<string, NewLink[]>();
    for (const link of newLinks) gained.set(link.personId, [...(gained.get(link.personId) ?? []), link]);

    for (const planned of plan.members) {
      const personId = personIdOf.get(planned.ref) as string;
      const links = gained.get(personId);
      if (links) {
        const strongest = links.reduce((a, b) => (METHOD_RANK[b.method] > METHOD_RANK[a.method] ? b : a));
        await this.memberEvents.matched(
          manager,
          {
            personId,
            discordUserId: planned.discordUserId,
            discordUsername: planned.discordUserId ? (usernameOf.get(planned.discordUserId) ?? null) : null,
            characterIds: planned.characterIds,
            method: strongest.method,
            score: Math.max(...links.map((l) => l.score)),
            rankLevel: rankOf(planned),
          },
          world.ranks,
        );
      }
      const before = planned.personId ? stored.get(planned.personId) : undefined;
      if (before) {
        await this.memberEvents.rankChanged(manager, {
          personId,
          discordUserId: planned.discordUserId,
          from: before.rankLevel,
          to: rankOf(planned),
        });
      }
    }
  }

}

function rankOf(planned: PlannedMember): NewMember['rankLevel'] {
  return planned.rank.level as NewMember['rankLevel'];
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  BattlenetClaimRequest,
  BattlenetClaimResult,
  BattlenetClaims,
  BattlenetCoverage,
  BattlenetCoverageQuery,
  BattlenetReminderBody,
  BattlenetRemindersQueued,
  ClaimedCharacter,
  DEFAULT_PAGE_LIMIT,
  Events,
  Page,
} from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { currentActor, ServiceException } from '@patt/service-kit';
import { lockMembership } from '../common/identity-lock';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';
import { currentDecider } from '../common/decider';
import { LinksRepository } from '../links/links.repository';
import type { Evidence } from '../matching';
import { MemberUpkeep } from '../members/member-upkeep.service';
import { MembersRepository } from '../members/members.repository';
import { BattlenetRepository, type BattlenetClaimRow, type ClaimedCharacterState } from './battlenet.repository';
import { decideClaim, type ClaimDecision } from './claim-rules';

/** What claims came to, per member: for the answer and the announcement. */
interface Applied {
  linked: string[];
  unchanged: number;
  waiting: number[];
  conflicts: string[];
}

/**
 * Battle.net claims (claim-rules.ts): the characters a member's Battle.net account proved are
 * stored, those in the guild linked to the member with method `battlenet`, the rest linked when
 * they join (each run applies the claims that can link now, before matching). What an officer
 * decided stays; the contradiction is an integrity issue (IntegrityRunService, `claim_conflict`).
 */
@Injectable()
export class BattlenetClaimsService {
  private readonly logger = new Logger(BattlenetClaimsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly battlenet: BattlenetRepository,
    private readonly members: MembersRepository,
    private readonly links: LinksRepository,
    private readonly upkeep: MemberUpkeep,
    private readonly requests: MatchingRequestsRepository,
    private readonly events: EventPublisher,
  ) {}

  async claim(request: BattlenetClaimRequest): Promise<BattlenetClaimResult> {
    const at = new Date();
    return this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      if (!(await this.members.lock(manager, request.personId))) throw ServiceException.notFound(`Member ${request.personId}`);
      const holder = await this.battlenet.holderOfAccount(manager, request.account.id);
      if (holder && holder !== request.personId) {
        throw ServiceException.conflict('That Battle.net account is linked to another member; an officer can sort out which member is yours.', [
          { personId: holder },
        ]);
      }
      await this.battlenet.saveAccount(manager, { personId: request.personId, accountId: request.account.id, battletag: request.account.battletag, userId: request.userId }, at);
      await this.battlenet.replaceClaims(
        manager,
        request.personId,
        request.characters.map((c) => ({ blizzardCharacterId: c.blizzardId, name: c.name, realmSlug: c.realmSlug })),
        at,
      );
      const wowAccountOf = new Map(request.characters.map((c) => [c.blizzardId, c.wowAccountId]));
      const applied = await this.apply(manager, await this.battlenet.claims(manager, [request.personId]), at, wowAccountOf);
      const mine = applied.get(request.personId) ?? { linked: [], unchanged: 0, waiting: [], conflicts: [] };
      await this.events.emit(manager, Events.CharactersClaimed, {
        personId: request.personId,
        discordUserId: await this.battlenet.discordUserOf(manager, request.personId),
        battlenetAccountId: request.account.id,
        battletag: request.account.battletag,
        linkedCharacterIds: mine.linked,
        waitingBlizzardIds: mine.waiting,
        conflictCharacterIds: mine.conflicts,
        at: at.toISOString(),
      });
      // The run after it raises the conflicts for officers and lets matching see the new links.
      await this.requests.request(manager, 'battlenet claim');
      this.logger.log(
        { personId: request.personId, linked: mine.linked.length, unchanged: mine.unchanged, waiting: mine.waiting.length, conflicts: mine.conflicts.length },
        'battlenet characters claimed',
      );
      return { linked: mine.linked.length, unchanged: mine.unchanged, waiting: mine.waiting.length, conflicts: mine.conflicts.length };
    });
  }

  /**
   * Before each run, in its transaction (which holds the membership lock): claims whose character
   * has joined the guild since, or whose automatic link may now give way, are applied.
   */
  async applyWaiting(manager: EntityManager): Promise<number> {
    const claims = await this.battlenet.unsettledClaims(manager);
    if (claims.length === 0) return 0;
    const applied = await this.apply(manager, claims, new Date(), new Map());
    return [...applied.values()].reduce((n, a) => n + a.linked.length, 0);
  }

  /** The caller's own claims, as their profile shows them. */
  async mine(): Promise<BattlenetClaims> {
    const { personId } = currentActor();
    if (!personId) return { account: null, linkedAt: null, refreshedAt: null, characters: [] };
    const manager = this.dataSource.manager;
    const account = await this.battlenet.accountOf(personId);
    const claims = await this.battlenet.claims(manager, [personId]);
    const states = await this.battlenet.characterStates(manager, claims.map((c) => c.blizzardCharacterId));
    const discordUserId = await this.battlenet.discordUserOf(manager, personId);
    const characters = claims.map((claim): ClaimedCharacter => {
      const state = states.get(claim.blizzardCharacterId);
      const decision = this.decide(claim, state, discordUserId);
      const status = decision.kind === 'wait' ? 'waiting' : decision.kind === 'conflict' ? 'conflict' : 'linked';
      return { blizzardId: claim.blizzardCharacterId, name: claim.name, realmSlug: claim.realmSlug, characterId: state?.characterId ?? null, status };
    });
    return {
      account: account ? { id: account.accountId, battletag: account.battletag } : null,
      linkedAt: account?.linkedAt.toISOString() ?? null,
      refreshedAt: account?.refreshedAt.toISOString() ?? null,
      characters,
    };
  }

  async coverage(query: BattlenetCoverageQuery): Promise<Page<BattlenetCoverage>> {
    const page = await this.battlenet.coverage({ linked: query.linked }, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, offset: query.offset ?? 0 });
    return { total: page.total, items: page.items.map((row) => ({ ...row, linkedAt: row.linkedAt?.toISOString() ?? null })) };
  }

  /** Queues a reminder DM for members without a link (the bot sends it); a member at most once a day. */
  async remind(body: BattlenetReminderBody): Promise<BattlenetRemindersQueued> {
    const by = currentDecider();
    const at = new Date();
    return this.dataSource.transaction(async (manager) => {
      const { targets, considered } = await this.battlenet.takeReminderTargets(manager, body.personIds ?? null, at);
      if (targets.length > 0) {
        await this.events.emit(manager, Events.BattlenetRemindersRequested, {
          requestId: randomUUID(),
          requestedBy: by.username,
          members: targets,
          at: at.toISOString(),
        });
      }
      return { queued: targets.length, skipped: Math.max(0, considered - targets.length) };
    });
  }

  /** The decision of one stored claim against the picture as it is. */
  decide(claim: BattlenetClaimRow, state: ClaimedCharacterState | undefined, discordUserId: string | null): ClaimDecision {
    return decideClaim({
      personId: claim.personId,
      discordUserId,
      character: state ? { id: state.characterId, inGuild: state.inGuild } : undefined,
      holder: state?.holderPersonId && state.holderMethod ? { personId: state.holderPersonId, method: state.holderMethod } : null,
      rejectedUsers: new Set(state?.rejectedUsers ?? []),
    });
  }

  private async apply(manager: EntityManager, claims: readonly BattlenetClaimRow[], at: Date, wowAccountOf: ReadonlyMap<number, number>): Promise<Map<string, Applied>> {
    const states = await this.battlenet.characterStates(manager, claims.map((c) => c.blizzardCharacterId));
    const discordUsers = await this.battlenet.discordUsersOf(manager, [...new Set(claims.map((c) => c.personId))]);
    const applied = new Map<string, Applied>();
    const losers = new Set<string>();
    for (const claim of claims) {
      const outcome = applied.get(claim.personId) ?? { linked: [], unchanged: 0, waiting: [], conflicts: [] };
      applied.set(claim.personId, outcome);
      const state = states.get(claim.blizzardCharacterId);
      const decision = this.decide(claim, state, discordUsers.get(claim.personId) ?? null);
      switch (decision.kind) {
        case 'wait':
          outcome.waiting.push(claim.blizzardCharacterId);
          break;
        case 'keep':
          outcome.unchanged++;
          break;
        case 'conflict':
          outcome.conflicts.push(decision.characterId);
          break;
        case 'link': {
          const account = await this.battlenet.accountOf(claim.personId, manager);
          await this.links.release(manager, { characterId: decision.characterId });
          await this.links.insert(manager, [
            {
              id: randomUUID(),
              personId: claim.personId,
              characterId: decision.characterId,
              discordUserId: null,
              method: 'battlenet',
              score: 1,
              evidence: this.evidence(claim, decision.characterId, account, wowAccountOf.get(claim.blizzardCharacterId) ?? null, at),
              confirmedByUserId: null,
              confirmedBy: null,
            },
          ]);
          if (decision.takesFrom && decision.takesFrom.personId !== claim.personId) losers.add(decision.takesFrom.personId);
          outcome.linked.push(decision.characterId);
          // The holder is now the claimant: a second claim of it in this pass is a conflict, not a link.
          if (state) states.set(claim.blizzardCharacterId, { ...state, holderPersonId: claim.personId, holderMethod: 'battlenet' });
          break;
        }
      }
    }
    for (const [personId, outcome] of applied) {
      if (outcome.linked.length > 0) await this.upkeep.settle(manager, personId, { method: 'battlenet', score: 1 });
    }
    for (const personId of losers) if (!applied.get(personId)?.linked.length) await this.upkeep.settle(manager, personId, null);
    return applied;
  }

  private evidence(
    claim: BattlenetClaimRow,
    characterId: string,
    account: { accountId: number; battletag: string | null } | null,
    wowAccountId: number | null,
    at: Date,
  ): Evidence {
    const accountName = account?.battletag ?? `#${account?.accountId ?? '?'}`;
    return {
      summary: `The Battle.net account ${accountName} has ${claim.name} (${claim.realmSlug}) on it, as Blizzard said when its member linked it on ${at.toISOString().slice(0, 10)}.`,
      facts: [
        {
          kind: 'battlenet_account',
          characterId,
          blizzardCharacterId: claim.blizzardCharacterId,
          battlenetAccountId: account?.accountId ?? 0,
          battletag: account?.battletag ?? null,
          wowAccountId: wowAccountId ?? 0,
          at: at.toISOString(),
        },
      ],
    };
  }
}

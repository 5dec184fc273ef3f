import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IdentityLink } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { CharactersRepository } from '../characters/characters.repository';
import type { Decider } from '../common/decider';
import { DiscordMembersRepository } from '../discord-members/discord-members.repository';
import { OFFICER_LINK_METHODS, type Evidence } from '../matching';
import { MemberUpkeep } from '../members/member-upkeep.service';
import { MembersRepository } from '../members/members.repository';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { LinkEntity } from './link.entity';
import { LinksRepository } from './links.repository';

/** What to link: to a member (or, without `personId`, to the member of either subject, else a new one). */
export interface LinkSubjects {
  personId?: string;
  characterId?: string | null;
  discordUserId?: string | null;
}

/** How a link an officer stands behind came about. */
export interface OfficerLinkHow {
  method: 'manual' | 'import' | 'suggestion_confirmed';
  score: number;
  evidence: Evidence | null;
  by: Decider;
  /** Open suggestions the link leaves open, which it would otherwise settle (see SuggestionsService.confirm). */
  keepSuggestionIds?: readonly string[];
}

export type LinkOutcome =
  /** A link was made (the subjects may have been the member's already by an automatic link). */
  | { kind: 'linked'; link: IdentityLink }
  /** An officer's link already makes the subjects the member's: nothing changed. */
  | { kind: 'unchanged'; link: IdentityLink };

export interface LinkBatchDeps {
  characters: CharactersRepository;
  discordMembers: DiscordMembersRepository;
  members: MembersRepository;
  links: LinksRepository;
  suggestions: SuggestionsRepository;
  upkeep: MemberUpkeep;
  requests: MatchingRequestsRepository;
}

/**
 * Links an officer stands behind (`manual`, `import`, `suggestion_confirmed`), made one after
 * another in the caller's transaction, which must hold the membership lock. Each `link` checks and
 * writes; `finish` brings every member touched up to date and announces each once. Refusals are
 * ServiceExceptions (404 for an unknown id, 409 for a subject that is another member's); the
 * caller's transaction then rolls back whatever the batch wrote, so a failed batch leaves nothing.
 */
export class LinkBatch {
  private readonly touched = new Map<string, { method: OfficerLinkHow['method']; score: number }>();
  private readonly created = new Set<string>();
  private finished = false;

  constructor(
    private readonly manager: EntityManager,
    private readonly deps: LinkBatchDeps,
  ) {}

  async link(subjects: LinkSubjects, how: OfficerLinkHow): Promise<LinkOutcome> {
    if (this.finished) throw new Error('this link batch is finished');
    const { manager, deps } = this;
    const characterId = subjects.characterId ?? null;
    const discordUserId = subjects.discordUserId ?? null;
    if (!characterId && !discordUserId) {
      throw ServiceException.invalid('A link needs a characterId, a discordUserId, or both.', [
        { field: 'characterId', problems: ['a link needs a characterId, a discordUserId, or both'] },
      ]);
    }
    const character = characterId ? await deps.characters.findOne(characterId, manager) : null;
    if (characterId && !character) throw ServiceException.notFound(`Character ${characterId}`);
    const user = discordUserId ? await deps.discordMembers.findOne(manager, discordUserId) : null;
    if (discordUserId && !user) throw ServiceException.notFound(`Discord user ${discordUserId}`);
    const characterText = character ? `${character.name} (${character.realmSlug})` : '';
    const userText = user ? `@${user.username}` : '';

    if (subjects.personId && !(await deps.members.lock(manager, subjects.personId))) throw ServiceException.notFound(`Member ${subjects.personId}`);
    const characterLink = characterId ? await deps.links.ofCharacter(manager, characterId) : null;
    const userLink = discordUserId ? await deps.links.ofDiscordUser(manager, discordUserId) : null;
    const target = subjects.personId ?? characterLink?.personId ?? userLink?.personId ?? null;

    if (characterLink && characterLink.personId !== target) {
      throw ServiceException.conflict(
        `${characterText} already belongs to another member (${characterLink.personId}); remove that link (${characterLink.id}) first.`,
        [{ linkId: characterLink.id, personId: characterLink.personId }],
      );
    }
    if (userLink && userLink.personId !== target) {
      throw ServiceException.conflict(
        `${userText} already belongs to another member (${userLink.personId}); remove that link (${userLink.id}) first.`,
        [{ linkId: userLink.id, personId: userLink.personId }],
      );
    }
    const targetLinks = target ? await deps.links.ofMember(manager, target) : [];
    const otherUser = discordUserId ? targetLinks.find((l) => l.discordUserId !== null && l.discordUserId !== discordUserId) : undefined;
    if (otherUser) {
      throw ServiceException.conflict(
        `That member already has a Discord user (${otherUser.discordUserId}); a member has one, so remove that link (${otherUser.id}) first.`,
        [{ linkId: otherUser.id, discordUserId: otherUser.discordUserId }],
      );
    }
    const heldByOfficer = (link: LinkEntity | null) => link !== null && OFFICER_LINK_METHODS.has(link.method);
    if ((!characterId || heldByOfficer(characterLink)) && (!discordUserId || heldByOfficer(userLink))) {
      const existing = (characterLink ?? userLink) as LinkEntity;
      return { kind: 'unchanged', link: toIdentityLink(existing) };
    }

    const personId = target ?? randomUUID();
    if (!target) {
      await deps.members.insert(manager, [{ id: personId, mainCharacterId: characterId, rankLevel: null }]);
      this.created.add(personId);
    }
    // Subjects the member had by an automatic link are now the officer's: the old link gives them up.
    await deps.links.release(manager, { characterId, discordUserId });
    const link = {
      id: randomUUID(),
      personId,
      characterId,
      discordUserId,
      method: how.method,
      score: how.score,
      evidence: how.evidence ?? {
        summary: `${how.by.username ?? 'An officer'} linked ${[characterText, userText].filter(Boolean).join(' and ')} by hand.`,
        facts: [],
      },
      confirmedByUserId: how.by.userId,
      confirmedBy: how.by.username,
    };
    await deps.links.insert(manager, [link]);
    await this.settleSuggestions(targetLinks, characterId, discordUserId, how.keepSuggestionIds ?? []);

    const before = this.touched.get(personId);
    this.touched.set(personId, { method: how.method, score: Math.max(before?.score ?? 0, how.score) });
    return { kind: 'linked', link: { id: link.id, personId, characterId, discordUserId, method: how.method } };
  }

  /** Brings each member touched up to date, announces them, and asks for a matching run. */
  async finish(reason: string): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    for (const [personId, change] of this.touched) await this.deps.upkeep.settle(this.manager, personId, change, this.created.has(personId));
    if (this.touched.size > 0) await this.deps.requests.request(this.manager, reason);
  }

  /**
   * The officer joined these subjects: rejections of the pairs now one member are void, and open
   * suggestions about them are settled (the member now has its Discord user, or the user is taken).
   */
  private async settleSuggestions(
    before: readonly LinkEntity[],
    characterId: string | null,
    discordUserId: string | null,
    keep: readonly string[],
  ): Promise<void> {
    const characterIds = [...new Set([...before.flatMap((l) => (l.characterId ? [l.characterId] : [])), ...(characterId ? [characterId] : [])])];
    const memberUser = discordUserId ?? before.find((l) => l.discordUserId)?.discordUserId ?? null;
    const pairs: Array<[string, string]> = memberUser
      ? (discordUserId ? characterIds : characterId ? [characterId] : []).map((id) => [id, memberUser])
      : [];
    await this.deps.suggestions.settle(
      this.manager,
      { characterIds: memberUser ? characterIds : [], discordUserIds: discordUserId ? [discordUserId] : [] },
      pairs,
      keep,
    );
  }
}

export function toIdentityLink(link: Pick<LinkEntity, 'id' | 'personId' | 'characterId' | 'discordUserId' | 'method'>): IdentityLink {
  return { id: link.id, personId: link.personId, characterId: link.characterId, discordUserId: link.discordUserId, method: link.method };
}

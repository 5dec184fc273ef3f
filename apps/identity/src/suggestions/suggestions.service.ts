import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IdentityLink, LinkSuggestion, Page, PageQuery } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { nameKey } from '@patt/wow';
import { currentDecider } from '../common/decider';
import { lockMembership } from '../common/identity-lock';
import { LinksService } from '../links/links.service';
import { SuggestionEntity } from './suggestion.entity';
import { SuggestionsRepository, UserSuggestionRow } from './suggestions.repository';

/** Officers' side of suggestions: read them, confirm one into a link, or reject it for good. */
@Injectable()
export class SuggestionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly suggestions: SuggestionsRepository,
    private readonly links: LinksService,
  ) {}

  async list(page: PageQuery): Promise<Page<LinkSuggestion>> {
    const rows = await this.suggestions.openPage(page);
    return {
      total: rows.total,
      items: rows.items.map((row) => ({
        id: row.id,
        characterId: row.characterId,
        discordUserId: row.discordUserId,
        score: row.score,
        reason: row.reason,
        source: row.source,
        characterName: row.characterName,
        realmSlug: row.realmSlug,
        discordUsername: row.discordUsername,
        createdAt: row.createdAt.toISOString(),
      })),
    };
  }

  /**
   * Makes the suggested pair one member (a `suggestion_confirmed` link) and retires the suggestion.
   * One player often has characters of one name on several realms, all matching their Discord
   * user: the officer confirmed one, so the others of that name suggested for the same user stay
   * open (they are now suggestions to join that user's member), or, with `all`, join it too.
   */
  async confirm(id: string, all = false): Promise<IdentityLink> {
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.links.batch(manager);
      const suggestion = await this.suggestions.lock(manager, id);
      if (!suggestion) throw ServiceException.notFound(`Suggestion ${id}`);
      if (suggestion.status === 'rejected') {
        throw ServiceException.conflict('That suggestion was rejected; to join the two anyway, link them by hand (POST /api/v1/identity/links).');
      }
      const sameName = await this.sameNameSuggestions(manager, suggestion);
      const by = currentDecider();
      const outcome = await batch.link(
        { characterId: suggestion.characterId, discordUserId: suggestion.discordUserId },
        {
          method: 'suggestion_confirmed',
          score: suggestion.score,
          evidence: suggestion.evidence,
          by,
          keepSuggestionIds: all ? [] : sameName.map((s) => s.id),
        },
      );
      await this.suggestions.delete(manager, id);
      if (all) {
        for (const other of sameName) {
          await batch.link(
            // The member has the Discord user now: the character joins it, the user's link stays as it is.
            { personId: outcome.link.personId, characterId: other.characterId },
            { method: 'suggestion_confirmed', score: other.score, evidence: other.evidence, by },
          );
          await this.suggestions.delete(manager, other.id);
        }
      }
      await batch.finish(all && sameName.length > 0 ? 'officer confirmed a suggestion for every character of the name' : 'officer confirmed a suggestion');
      return outcome.link;
    });
  }

  /** The other open suggestions of the suggestion's Discord user whose characters bear its character's name (as names compare). */
  private async sameNameSuggestions(manager: EntityManager, suggestion: SuggestionEntity): Promise<UserSuggestionRow[]> {
    const open = await this.suggestions.openOfUser(manager, suggestion.discordUserId);
    const key = nameKey(open.find((s) => s.id === suggestion.id)?.characterName ?? '');
    return key === '' ? [] : open.filter((s) => s.id !== suggestion.id && nameKey(s.characterName) === key);
  }

  /** The pair is not one person: never linked automatically, never suggested again. Rejecting twice is harmless. */
  async reject(id: string): Promise<null> {
    return this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      const suggestion = await this.suggestions.lock(manager, id);
      if (!suggestion) throw ServiceException.notFound(`Suggestion ${id}`);
      if (suggestion.status !== 'rejected') await this.suggestions.markRejected(manager, id, currentDecider());
      return null;
    });
  }
}

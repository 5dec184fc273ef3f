import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdentityLink, LinkSuggestion, Page, PageQuery } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { lockMembership } from '../common/identity-lock';
import { currentDecider, LinksService } from '../links/links.service';
import { SuggestionsRepository } from './suggestions.repository';

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
        characterId: row.character_id,
        discordUserId: row.discord_user_id,
        score: row.score,
        reason: row.reason,
        source: row.source,
        characterName: row.character_name,
        realmSlug: row.realm_slug,
        discordUsername: row.discord_username,
        createdAt: row.created_at.toISOString(),
      })),
    };
  }

  /** Makes the suggested pair one member (a `suggestion_confirmed` link) and retires the suggestion. */
  async confirm(id: string): Promise<IdentityLink> {
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.links.batch(manager);
      const suggestion = await this.suggestions.lock(manager, id);
      if (!suggestion) throw ServiceException.notFound(`Suggestion ${id}`);
      if (suggestion.status === 'rejected') {
        throw ServiceException.conflict('That suggestion was rejected; to join the two anyway, link them by hand (POST /api/v1/identity/links).');
      }
      const outcome = await batch.link(
        { characterId: suggestion.characterId, discordUserId: suggestion.discordUserId },
        { method: 'suggestion_confirmed', score: suggestion.score, evidence: suggestion.evidence, by: currentDecider() },
      );
      await this.suggestions.delete(manager, id);
      await batch.finish('officer confirmed a suggestion');
      return outcome.link;
    });
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

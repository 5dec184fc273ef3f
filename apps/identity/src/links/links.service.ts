import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IdentityLink, LinkRequestBody } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { CharactersRepository } from '../characters/characters.repository';
import { currentDecider } from '../common/decider';
import { lockMembership } from '../common/identity-lock';
import { DiscordMembersRepository } from '../discord-members/discord-members.repository';
import { MemberUpkeep } from '../members/member-upkeep.service';
import { MembersRepository } from '../members/members.repository';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';
import { RejectedPairInput, SuggestionsRepository } from '../suggestions/suggestions.repository';
import { LinkBatch } from './link-batch';
import { LinksRepository } from './links.repository';

/**
 * Officers' links: made by hand, removed by hand. Removing a link also records that the subjects
 * it joined are not one person, so no matching run joins them again.
 */
@Injectable()
export class LinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly characters: CharactersRepository,
    private readonly discordMembers: DiscordMembersRepository,
    private readonly members: MembersRepository,
    private readonly links: LinksRepository,
    private readonly suggestions: SuggestionsRepository,
    private readonly upkeep: MemberUpkeep,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  /**
   * Officer links in the caller's transaction (the CSV import's): takes the membership lock, and
   * returns a batch whose `link` makes one confirmed link at a time and whose `finish` announces
   * the members touched. Nothing is visible to others before the caller commits.
   */
  async batch(manager: EntityManager): Promise<LinkBatch> {
    await lockMembership(manager);
    return new LinkBatch(manager, {
      characters: this.characters,
      discordMembers: this.discordMembers,
      members: this.members,
      links: this.links,
      suggestions: this.suggestions,
      upkeep: this.upkeep,
      requests: this.requests,
    });
  }

  async create(body: LinkRequestBody): Promise<IdentityLink> {
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.batch(manager);
      const outcome = await batch.link(body, { method: 'manual', score: 1, evidence: null, by: currentDecider() });
      if (outcome.kind === 'unchanged') {
        throw ServiceException.conflict(`An officer's link (${outcome.link.id}) already makes that the member's; nothing was changed.`, [
          { linkId: outcome.link.id, personId: outcome.link.personId },
        ]);
      }
      await batch.finish('officer linked');
      return outcome.link;
    });
  }

  /**
   * Removes a link: its character and/or Discord user are no longer the member's. The pairs of
   * character and Discord user it held together are recorded as rejected, so that the notes or
   * names that may have made the link do not make it again.
   */
  async remove(id: string): Promise<void> {
    const by = currentDecider();
    await this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      const link = await this.links.findOne(manager, id);
      if (!link) throw ServiceException.notFound(`Link ${id}`);
      const state = await this.members.stateOf(manager, link.personId);
      const memberUser = state?.discord?.userId ?? null;
      const names = new Map(state?.characters.map((c) => [c.id, c.name]) ?? []);
      const separated: RejectedPairInput[] = [];
      const reason = `${by.username ?? 'An officer'} removed the link that made them one member.`;
      if (link.characterId && memberUser && link.discordUserId === null) {
        separated.push({ characterId: link.characterId, discordUserId: memberUser, reason, evidence: null });
      }
      if (link.discordUserId) {
        const characterIds = new Set([...names.keys(), ...(link.characterId ? [link.characterId] : [])]);
        for (const characterId of characterIds) separated.push({ characterId, discordUserId: link.discordUserId, reason, evidence: null });
      }
      await this.suggestions.rejectPairs(manager, separated, by);
      await this.links.delete(manager, id);
      await this.upkeep.settle(manager, link.personId, { method: 'manual', score: 1 });
      await this.requests.request(manager, 'officer removed a link');
    });
  }
}

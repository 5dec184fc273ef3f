import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Member, MembersQuery, Page, Rank, UpdateMemberRequest } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { currentViewer, rankNamer, toCharacter, Viewer } from '../characters/character.view';
import { CharacterRow, CharactersRepository } from '../characters/characters.repository';
import { lockMembership } from '../common/identity-lock';
import { LinksRepository } from '../links/links.repository';
import { RanksService } from '../ranks/ranks.service';
import { MatchingRequestsRepository } from '../runs/matching-requests.repository';
import { MemberUpkeep } from './member-upkeep.service';
import { rankRefOf } from './membership';
import { MemberRow, MembersRepository } from './members.repository';

/** Members as the API shows them, and the edits officers make to them. */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
    private readonly characters: CharactersRepository,
    private readonly links: LinksRepository,
    private readonly ranks: RanksService,
    private readonly upkeep: MemberUpkeep,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  /** One page in two queries: the members, then all their characters at once. */
  async list(query: MembersQuery): Promise<Page<Member>> {
    const { limit, offset, ...filter } = query;
    const [page, ranks] = await Promise.all([this.members.page(filter, { limit, offset }), this.ranks.list()]);
    const characters = await this.characters.ofMembers(page.items.map((row) => row.id));
    return { total: page.total, items: this.toMembers(page.items, characters, ranks, currentViewer()) };
  }

  async get(id: string): Promise<Member> {
    return this.view(id, this.dataSource.manager, currentViewer());
  }

  /**
   * An officer's edit: the shown name, the main character (one of the member's), the rank set by
   * hand. null puts a field back to what is derived. A rank change is announced at once and the
   * integrity checks run again (Discord roles may now be wrong).
   */
  async update(change: UpdateMemberRequest): Promise<Member> {
    return this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      const member = await this.members.lock(manager, change.id);
      if (!member) throw ServiceException.notFound(`Member ${change.id}`);
      if (change.mainCharacterId) {
        const link = await this.links.ofCharacter(manager, change.mainCharacterId);
        if (!link) {
          if (!(await this.characters.findOne(change.mainCharacterId, manager))) throw ServiceException.notFound(`Character ${change.mainCharacterId}`);
          throw ServiceException.conflict('That character belongs to no member; link it to this member first, then make it their main.');
        }
        if (link.personId !== member.id) {
          throw ServiceException.conflict('That character belongs to another member; a main must be one of the member’s own characters.');
        }
      }
      const rankOverrideBefore = member.rankOverride;
      if (change.displayName !== undefined) member.displayName = change.displayName;
      if (change.mainCharacterId !== undefined) member.mainCharacterId = change.mainCharacterId;
      if (change.rankLevel !== undefined) member.rankOverride = change.rankLevel;
      await this.members.save(manager, member);
      await this.upkeep.settle(manager, member.id, null);
      if (member.rankOverride !== rankOverrideBefore) await this.requests.request(manager, 'officer set a rank');
      return this.view(member.id, manager, currentViewer());
    });
  }

  private async view(id: string, manager: EntityManager, viewer: Viewer): Promise<Member> {
    const row = await this.members.findView(id, manager);
    if (!row) throw ServiceException.notFound(`Member ${id}`);
    const [characters, ranks] = await Promise.all([this.characters.ofMembers([id], manager), this.ranks.list()]);
    const [member] = this.toMembers([row], characters, ranks, viewer);
    return member as Member;
  }

  private toMembers(rows: readonly MemberRow[], characters: readonly CharacterRow[], ranks: readonly Rank[], viewer: Viewer): Member[] {
    const byPerson = new Map<string, CharacterRow[]>();
    for (const character of characters) {
      const list = byPerson.get(character.person_id as string);
      if (list) list.push(character);
      else byPerson.set(character.person_id as string, [character]);
    }
    const rankName = rankNamer(ranks);
    return rows.map((row) => ({
      id: row.id,
      // A member always has a character, a Discord user or an account; the id covers the last.
      displayName: row.shown_name ?? `Member ${row.id.slice(0, 8)}`,
      rank: rankRefOf(ranks, row.rank_level),
      discord: row.discord_user_id
        ? { userId: row.discord_user_id, username: row.discord_username as string, displayName: row.discord_display_name as string }
        : null,
      characters: (byPerson.get(row.id) ?? []).map((character) => toCharacter(character, rankName, viewer)),
      mainCharacterId: row.main_character_id,
      registered: row.registered,
    }));
  }
}

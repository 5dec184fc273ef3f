import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, Member, MembersQuery, Page, Rank, RankLevel, rankRuleVerdict, UpdateMemberRequest } from '@patt/contracts';
import { currentContext, ServiceException } from '@patt/service-kit';
import { memberRank } from '../matching';
import { currentViewer, rankNamer, toCharacter, Viewer } from '../characters/character.view';
import { CharacterRow, CharactersRepository } from '../characters/characters.repository';
import { lockMembership } from '../common/identity-lock';
import { LinksRepository } from '../links/links.repository';
import { effectiveLevel, rankRefOf } from '../ranks/rank-levels';
import { RanksService } from '../ranks/ranks.service';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';
import { MemberUpkeep } from './member-upkeep.service';
import { MemberRow, MembersRepository, MemberState } from './members.repository';

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
   * integrity checks run again (Discord roles may now be wrong). A change of rank must pass the
   * rank rules, whatever the gateway let through.
   */
  async update(change: UpdateMemberRequest): Promise<Member> {
    return this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      const state = await this.members.stateOf(manager, change.id);
      if (!state) throw ServiceException.notFound(`Member ${change.id}`);
      const { member } = state;
      if (change.rankLevel !== undefined) await this.assertMayChangeRank(manager, state, change.rankLevel);
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

  /**
   * The rank rules for the caller of the request in hand: their rank is the lower of what their
   * token says and what identity holds for their member now (a demoted officer's token lives on
   * for minutes), and what the change gives is the override, or for null the characters' rank.
   */
  private async assertMayChangeRank(manager: EntityManager, state: MemberState, rankLevel: RankLevel | null): Promise<void> {
    const actor = currentContext()?.actor;
    if (!actor) throw new ServiceException(ErrorCode.Forbidden, 'A change of rank needs a signed-in officer.');
    const ranks = await this.ranks.list();
    const held = actor.personId ? await this.members.heldRank(manager, actor.personId) : null;
    const actorRank = held === null ? actor.rank : (Math.min(actor.rank, held) as RankLevel);
    const grant = rankLevel ?? effectiveLevel(memberRank(state.characters, ranks, null).level as RankLevel | null);
    const verdict = rankRuleVerdict(
      'change_rank',
      { rank: actorRank, personId: actor.personId },
      { personId: state.member.id, rank: effectiveLevel(state.member.rankLevel) },
      grant,
      (level) => rankRefOf(ranks, level).name,
    );
    if (!verdict.allowed) throw new ServiceException(ErrorCode.Forbidden, verdict.reason);
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
      const list = byPerson.get(character.personId as string);
      if (list) list.push(character);
      else byPerson.set(character.personId as string, [character]);
    }
    const rankName = rankNamer(ranks);
    return rows.map((row) => ({
      id: row.id,
      // A member always has a character, a Discord user or an account; the id covers the last.
      displayName: row.shownName ?? `Member ${row.id.slice(0, 8)}`,
      rank: rankRefOf(ranks, row.rankLevel),
      discord: row.discordUserId
        ? { userId: row.discordUserId, username: row.discordUsername as string, displayName: row.discordDisplayName as string }
        : null,
      characters: (byPerson.get(row.id) ?? []).map((character) => toCharacter(character, rankName, viewer)),
      mainCharacterId: row.mainCharacterId,
      registered: row.registered,
      account: row.registered
        ? {
            status: row.accountDisabledAt ? 'disabled' : 'active',
            disabledAt: row.accountDisabledAt,
            disabledReason: row.accountDisabledReason,
            disabledCause: row.accountDisabledCause,
          }
        : null,
    }));
  }
}

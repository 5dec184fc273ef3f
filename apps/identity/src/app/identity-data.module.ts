import { BattlenetRepository } from '../battlenet/battlenet.repository';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CharacterEntity } from '../characters/character.entity';
import { CharactersRepository } from '../characters/characters.repository';
import { ConflictsRepository } from '../conflicts/conflicts.repository';
import { DiscordMemberEntity } from '../discord-members/discord-member.entity';
import { DiscordMembersRepository } from '../discord-members/discord-members.repository';
import { IntegrityIssueEntity } from '../issues/integrity-issue.entity';
import { IssuesRepository } from '../issues/issues.repository';
import { LinkEntity } from '../links/link.entity';
import { LinksRepository } from '../links/links.repository';
import { MemberEntity } from '../members/member.entity';
import { MembersRepository } from '../members/members.repository';
import { RankEntity } from '../ranks/rank.entity';
import { RanksRepository } from '../ranks/ranks.repository';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';
import { MatchingRunsRepository } from '../runs/matching-runs.repository';
import { WorldRepository } from '../runs/world.repository';
import { SuggestionEntity } from '../suggestions/suggestion.entity';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';

/** identity's tables, by entity. */
export const IDENTITY_ENTITIES = [RankEntity, CharacterEntity, DiscordMemberEntity, MemberEntity, LinkEntity, SuggestionEntity, IntegrityIssueEntity];

const REPOSITORIES = [
  BattlenetRepository,
  RanksRepository,
  CharactersRepository,
  DiscordMembersRepository,
  MembersRepository,
  LinksRepository,
  SuggestionsRepository,
  IssuesRepository,
  ConflictsRepository,
  MatchingRequestsRepository,
  MatchingRunsRepository,
  WorldRepository,
];

/**
 * identity's data layer: every repository of the service, in one module that each feature module
 * imports. The features share tables (a link is read by members, suggestions and runs alike), and
 * each repository owns its queries whoever calls them. Repositories import no feature: what they
 * take and return is defined here, in the repositories, or in the pure engines (matching/, integrity/).
 */
@Module({
  imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES)],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class IdentityDataModule {}

import { BattlenetModule } from '../battlenet/battlenet.module';
import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { CharactersModule } from '../characters/characters.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ImportsModule } from '../imports/imports.module';
import { IssuesModule } from '../issues/issues.module';
import { LinksModule } from '../links/links.module';
import { MembersModule } from '../members/members.module';
import { IDENTITY_MIGRATIONS } from '../migrations';
import { ProjectionsModule } from '../projections/projections.module';
import { RanksModule } from '../ranks/ranks.module';
import { MatchingWorkerModule, RunsModule } from '../runs/runs.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { IDENTITY_ENTITIES } from './identity-data.module';
import { IdentityConfig } from './identity.config';

export const SERVICE_NAME = 'identity';
export const SCHEMA = 'identity';

/**
 * identity's features, one module per folder: what tests that drive the runs themselves start.
 * The deployed service adds the matching worker (MatchingWorkerModule).
 */
export const IDENTITY_FEATURES = [
  RanksModule,
  ProjectionsModule,
  CharactersModule,
  MembersModule,
  LinksModule,
  SuggestionsModule,
  ImportsModule,
  IssuesModule,
  ConflictsModule,
  RunsModule,
  BattlenetModule,
];

@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        ...backendServiceModules({
          name: SERVICE_NAME,
          schema: SCHEMA,
          config,
          configClass: IdentityConfig,
          healthPattern: Requests.IdentityHealth,
          entities: IDENTITY_ENTITIES,
          migrations: IDENTITY_MIGRATIONS,
        }),
        ...IDENTITY_FEATURES,
        MatchingWorkerModule,
      ],
    };
  }
}

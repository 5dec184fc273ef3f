import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Readiness } from '@patt/service-kit';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { withAdvisoryLock } from './advisory-lock';
import { CommitSignals } from './commit-signals';

export interface PersistenceOptions {
  /** The schema the service owns; its role's search_path points there too. */
  schema: string;
  url: string;
  // TypeORM's own parameter types: entity and migration classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  poolSize?: number;
}

export function dataSourceOptions(options: PersistenceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Never: the schema changes only through migrations with a real down().
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own logger prints a failed query's parameters; errors reach our (redacting) logs instead.
    logging: false,
    // The role's search_path is its schema already; this makes it so for any role.
    extra: { max: options.poolSize ?? 10, application_name: options.schema, options: `-c search_path=${options.schema}` },
  };
}

/** Applies pending migrations, one replica at a time. */
export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  const outcome = await withAdvisoryLock(dataSource, `patt-migrate:${schema}`, async () =>
    dataSource.runMigrations({ transaction: 'each' }),
  );
  return outcome.acquired ? outcome.result.map((m) => m.name) : [];
}

const OPTIONS = Symbol('PERSISTENCE_OPTIONS');

@Injectable()
class MigrationsOnStart implements OnModuleInit {
  private readonly logger = new Logger(MigrationsOnStart.name);
  private migrated = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: Readiness,
    @Inject(OPTIONS) private readonly options: PersistenceOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.register('database', async () => {
      await this.dataSource.query('SELECT 1');
      return true;
    });
    this.readiness.register('migrations', async () => this.migrated);
    const applied = await migrate(this.dataSource, this.options.schema);
    this.migrated = true;
    if (applied.length > 0) this.logger.log({ applied }, `migrated schema ${this.options.schema}`);
  }
}

/**
 * The service's one TypeORM data source on its own schema, migrated at start before the service
 * takes any work, and the commit signals that wake its workers.
 */
@Module({})
export class PersistenceModule {
  static forService(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(options), retryAttempts: 20, retryDelay: 1000 })],
      providers: [{ provide: OPTIONS, useValue: options }, MigrationsOnStart, CommitSignals],
      exports: [TypeOrmModule, CommitSignals],
    };
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('the data source must name its schema');
  return `"${schema}"`;
}

/**
 * The event backbone's tables, in the schema of each service that uses them: the outbox it
 * writes events to in the same transaction as its state, the inbox of events it has applied, and
 * the dead letters an officer can look at.
 */
export class MessagingTables1764100000000 implements MigrationInterface {
  name = 'MessagingTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.outbox (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        producer text NOT NULL,
        correlation_id text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON ${s}.outbox (seq) WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_published_at ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE ${s}.inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        subject text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX inbox_processed_at ON ${s}.inbox (processed_at)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.dead_letters (
        id bigserial PRIMARY KEY,
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        subject text NOT NULL,
        envelope jsonb,
        error text NOT NULL,
        attempts integer NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.dead_letters`);
    await queryRunner.query(`DROP TABLE ${s}.inbox`);
    await queryRunner.query(`DROP TABLE ${s}.outbox`);
  }
}

/** The table of EventPartsLedger, in the schema of each service that consumes events sent in parts. */
export class EventPartsTable1764900000000 implements MigrationInterface {
  name = 'EventPartsTable1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    // One row per whole (the parts of one run, sync or report): how many parts it has, which
    // have been applied, and when the last one came.
    await queryRunner.query(`
      CREATE TABLE ${s}.event_parts (
        subject text NOT NULL,
        whole_id text NOT NULL,
        parts integer NOT NULL CHECK (parts >= 1),
        parts_seen integer[] NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (subject, whole_id)
      )`);
    await queryRunner.query(`CREATE INDEX event_parts_completed_at ON ${s}.event_parts (completed_at) WHERE completed_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.event_parts`);
  }
}

/**
 * Repairing dead letters: each is resolved once (replayed through its consumer, or discarded) and
 * says how, when and by whom. The inbox marks the rows dead-lettering wrote (they keep a redelivered
 * copy from being applied), so a replay tells them from an event that was in fact applied.
 */
export class DeadLetterRepairs1765300000000 implements MigrationInterface {
  name = 'DeadLetterRepairs1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      ALTER TABLE ${s}.dead_letters
        ADD COLUMN resolution text CHECK (resolution IN ('applied', 'already-applied', 'discarded')),
        ADD COLUMN resolved_at timestamptz,
        ADD COLUMN resolved_by jsonb,
        ADD CONSTRAINT dead_letters_resolved CHECK ((resolution IS NULL) = (resolved_at IS NULL))`);
    await queryRunner.query(`CREATE INDEX dead_letters_open ON ${s}.dead_letters (failed_at DESC, id DESC) WHERE resolution IS NULL`);
    await queryRunner.query(`ALTER TABLE ${s}.inbox ADD COLUMN dead_lettered boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      UPDATE ${s}.inbox i SET dead_lettered = true
      FROM ${s}.dead_letters d WHERE d.consumer = i.consumer AND d.event_id = i.event_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.inbox DROP COLUMN dead_lettered`);
    await queryRunner.query(`DROP INDEX ${s}.dead_letters_open`);
    await queryRunner.query(`
      ALTER TABLE ${s}.dead_letters DROP CONSTRAINT dead_letters_resolved,
        DROP COLUMN resolution, DROP COLUMN resolved_at, DROP COLUMN resolved_by`);
  }
}

import { Controller, Inject, Injectable, Logger, OnApplicationBootstrap, Optional, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
  DEAD_LETTER_SERVICES,
  DeadLetter,
  deadLetterPatterns,
  DeadLetterReplay,
  DeadLetterRequest,
  DeadLetterService,
  EventEnvelope,
  ListDeadLettersRequest,
  Page,
} from '@patt/contracts';
import { currentActor, Metrics, ServiceException } from '@patt/service-kit';
import { DataSource } from 'typeorm';
import { EventConsumers } from './event-consumers';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from './options';

interface DeadLetterRow {
  id: string;
  consumer: string;
  event_id: string;
  subject: string;
  envelope: EventEnvelope | null;
  error: string;
  attempts: number;
  failed_at: Date;
  resolution: 'applied' | 'already-applied' | 'discarded' | null;
  resolved_at: Date | null;
  resolved_by: { username: string } | null;
}

/**
 * `messaging_dead_letter_replays_total{consumer, outcome}` (`applied`, `already_applied`: committed
 * with the dead letter's resolution; `failed`: the handler failed again, the dead letter stays open)
 * and `messaging_dead_letters_discarded_total{consumer}`, counted after the transaction (each of the
 * service's consumers at 0 from the start). A request
 * refused before anything ran (an unknown or already resolved dead letter, one with no event or no
 * handler) is not counted.
 */
function repairMetrics(metrics: Metrics) {
  return {
    replays: metrics.counter({
      name: 'messaging_dead_letter_replays_total',
      help: 'Dead letters replayed through their consumer, by consumer and outcome: applied, already_applied (the inbox had it), failed (failed again, still open).',
      labelNames: ['consumer', 'outcome'],
    }),
    discards: metrics.counter({
      name: 'messaging_dead_letters_discarded_total',
      help: 'Dead letters discarded (their event never to be applied), by consumer.',
      labelNames: ['consumer'],
    }),
  };
}

/** The most a service lists at once: the gateway asks for `offset + limit` of the merged pages. */
const MAX_LIST = 10_500;

/**
 * The repair desk of this service's dead letters (its schema's dead_letters table): the open ones
 * listed, one replayed through the consumer that failed it, or discarded. Each is resolved once,
 * and says how, when and by whom; a second attempt is refused.
 */
@Injectable()
export class DeadLetterDesk implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadLetterDesk.name);
  private readonly metrics?: ReturnType<typeof repairMetrics>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    @Optional() metrics?: Metrics,
  ) {
    this.metrics = metrics ? repairMetrics(metrics) : undefined;
  }

  /** Each consumer's series from the start, at 0, so the first replay or discard is an increase. */
  onApplicationBootstrap(): void {
    if (!this.metrics) return;
    for (const { durable: consumer } of this.consumers.registrations()) {
      for (const outcome of ['applied', 'already_applied', 'failed']) this.metrics.replays.inc({ consumer, outcome }, 0);
      this.metrics.discards.inc({ consumer }, 0);
    }
  }

  private get table(): string {
    return `"${this.options.schema}".dead_letters`;
  }

  async list(request: ListDeadLettersRequest): Promise<Page<DeadLetter>> {
    const limit = wholeNumber(request?.limit, 'limit', 1, MAX_LIST);
    const offset = wholeNumber(request?.offset, 'offset', 0, MAX_LIST);
    const rows = (await this.dataSource.query(
      `SELECT id, consumer, event_id, subject, envelope IS NOT NULL AS replayable, error, attempts, failed_at, count(*) OVER ()::int AS total
       FROM ${this.table} WHERE resolution IS NULL ORDER BY failed_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    )) as Array<Omit<DeadLetterRow, 'envelope'> & { replayable: boolean; total: number }>;
    const total = rows[0]?.total ?? (offset > 0 ? await this.countOpen() : 0);
    return {
      items: rows.map((row) => ({
        id: `${this.options.service}.${row.id}`,
        service: this.options.service as DeadLetterService,
        subject: row.subject,
        eventId: row.event_id,
        consumer: row.consumer,
        attempts: row.attempts,
        lastError: row.error,
        failedAt: row.failed_at.toISOString(),
        replayable: row.replayable,
      })),
      total,
    };
  }

  /**
   * Applies the dead letter's event through its consumer's handler, in one transaction with its
   * inbox record and the dead letter's resolution. If the consumer's inbox holds the event as
   * applied, nothing runs again (`already-applied`). If the handler fails again, nothing is kept but
   * the new error and attempt, and the dead letter stays open.
   */
  async replay(request: DeadLetterRequest, actor: Actor = currentActor()): Promise<DeadLetterReplay> {
    const row = rowNumber(request);
    const id = `${this.options.service}.${row}`;
    const schema = this.options.schema;
    let failure: string | null = null;
    let consumer = '';
    const result = await this.dataSource.transaction(async (manager) => {
      const letter = await this.lockOpen(manager.query.bind(manager), row, 'replayed');
      consumer = letter.consumer;
      if (!letter.envelope) {
        throw ServiceException.conflict('This dead letter holds no event (the message was not an event envelope), so there is nothing to replay; discard it.');
      }
      const registration = this.consumers.registration(letter.consumer);
      if (!registration) {
        throw ServiceException.conflict(`No handler of ${letter.subject} runs in this service any more (consumer ${letter.consumer}); discard it.`);
      }
      await manager.query(`DELETE FROM "${schema}".inbox WHERE consumer = $1 AND event_id = $2 AND dead_lettered`, [letter.consumer, letter.event_id]);
      const recorded = (await manager.query(
        `INSERT INTO "${schema}".inbox (consumer, event_id, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
        [letter.consumer, letter.event_id, letter.subject],
      )) as unknown[];
      const outcome: DeadLetterReplay['outcome'] = recorded.length === 1 ? 'applied' : 'already-applied';
      if (outcome === 'applied') {
        await manager.query('SAVEPOINT patt_replay');
        try {
          await registration.handler(letter.envelope as EventEnvelope<never>, { manager, delivery: letter.attempts + 1 });
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
          await manager.query('ROLLBACK TO SAVEPOINT patt_replay');
          // The inbox row goes back to dead-lettering's, the dead letter stays open with the new error.
          await manager.query(`UPDATE "${schema}".inbox SET dead_lettered = true WHERE consumer = $1 AND event_id = $2`, [letter.consumer, letter.event_id]);
          await manager.query(`UPDATE ${this.table} SET attempts = attempts + 1, error = $2 WHERE id = $1`, [row, failure.slice(0, 2000)]);
          return null;
        }
      }
      const [resolved] = (await manager.query(
        `WITH resolved AS (UPDATE ${this.table} SET resolution = $2, resolved_at = now(), resolved_by = $3::jsonb WHERE id = $1 RETURNING resolved_at)
         SELECT resolved_at FROM resolved`,
        [row, outcome, JSON.stringify(by(actor))],
      )) as Array<{ resolved_at: Date }>;
      return { id, outcome, replayedAt: (resolved as { resolved_at: Date }).resolved_at.toISOString(), replayedBy: actor.username };
    });
    this.metrics?.replays.inc({ consumer, outcome: result ? result.outcome.replace('-', '_') : 'failed' });
    if (!result) {
      this.logger.warn({ deadLetter: id, reason: failure }, 'dead letter replayed and failed again');
      throw ServiceException.conflict(`The event failed again and stays a dead letter: ${failure}`);
    }
    this.logger.log({ deadLetter: id, outcome: result.outcome, by: actor.username }, 'dead letter replayed');
    return result;
  }

  /** Gives the dead letter up for good: it leaves the list, its event is never applied. */
  async discard(request: DeadLetterRequest, actor: Actor = currentActor()): Promise<null> {
    const row = rowNumber(request);
    const consumer = await this.dataSource.transaction(async (manager) => {
      const letter = await this.lockOpen(manager.query.bind(manager), row, 'discarded');
      await manager.query(`UPDATE ${this.table} SET resolution = 'discarded', resolved_at = now(), resolved_by = $2::jsonb WHERE id = $1`, [
        row,
        JSON.stringify(by(actor)),
      ]);
      return letter.consumer;
    });
    this.metrics?.discards.inc({ consumer });
    this.logger.log({ deadLetter: `${this.options.service}.${row}`, by: actor.username }, 'dead letter discarded');
    return null;
  }

  private async lockOpen(query: (sql: string, params: unknown[]) => Promise<unknown>, row: string, doing: string): Promise<DeadLetterRow> {
    const [letter] = (await query(`SELECT * FROM ${this.table} WHERE id = $1 FOR UPDATE`, [row])) as DeadLetterRow[];
    if (!letter) throw ServiceException.notFound('The dead letter');
    if (letter.resolution) {
      const how = letter.resolution === 'discarded' ? 'discarded' : 'replayed';
      throw ServiceException.conflict(
        `This dead letter was ${how} already (${letter.resolved_at?.toISOString()}, by ${letter.resolved_by?.username ?? 'someone'}); it cannot be ${doing} again.`,
      );
    }
    return letter;
  }

  private async countOpen(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE resolution IS NULL`)) as Array<{ n: number }>;
    return row?.n ?? 0;
  }
}

function by(actor: Actor): { userId: string; personId: string | null; username: string } {
  return { userId: actor.userId, personId: actor.personId, username: actor.username };
}

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw ServiceException.invalid(`${name} must be a whole number from ${min} to ${max}.`, [{ field: name, problems: [`${name} must be from ${min} to ${max}`] }]);
  }
  return value;
}

function rowNumber(request: DeadLetterRequest): string {
  const row = request?.row;
  if (typeof row !== 'string' || !/^[1-9][0-9]{0,17}$/.test(row)) {
    throw ServiceException.invalid('row must be the number of a dead letter.', [{ field: 'row', problems: ['row must be a positive whole number'] }]);
  }
  return row;
}

/** Whether a service answers dead-letter requests: the event-consuming services of the bus. */
export function keepsDeadLetters(service: string): service is DeadLetterService {
  return (DEAD_LETTER_SERVICES as readonly string[]).includes(service);
}

/** The controller answering the gateway's dead-letter requests for this service. */
export function deadLetterRequestController(service: DeadLetterService): Type<unknown> {
  const patterns = deadLetterPatterns(service);

  @Controller()
  class DeadLetterRequestController {
    constructor(private readonly desk: DeadLetterDesk) {}

    @MessagePattern(patterns.list)
    list(@Payload() request: ListDeadLettersRequest): Promise<Page<DeadLetter>> {
      return this.desk.list(request);
    }

    @MessagePattern(patterns.replay)
    replay(@Payload() request: DeadLetterRequest): Promise<DeadLetterReplay> {
      return this.desk.replay(request);
    }

    @MessagePattern(patterns.discard)
    discard(@Payload() request: DeadLetterRequest): Promise<null> {
      return this.desk.discard(request);
    }
  }
  return DeadLetterRequestController;
}

/**
 * The services that consume events and so keep dead letters, each in its own schema: an event
 * their consumer failed to apply `maxAttempts` times.
 */
export const DEAD_LETTER_SERVICES = ['auth', 'identity', 'guild-sync', 'discord-bot', 'campaigns'] as const;
export type DeadLetterService = (typeof DEAD_LETTER_SERVICES)[number];

/** `GET /ops/dead-letters`: one dead letter still waiting for repair (neither replayed nor discarded). */
export interface DeadLetter {
  /** `<service>.<number>`: the service that holds it and its row there. */
  id: string;
  service: DeadLetterService;
  /** The event's subject (`patt.identity.member-rank-changed`). */
  subject: string;
  eventId: string;
  /** The durable consumer that failed it. */
  consumer: string;
  /** Deliveries it failed. */
  attempts: number;
  lastError: string;
  /** When it was dead-lettered. */
  failedAt: string;
  /** Whether it holds an event that can be applied again (a message that was no event cannot). */
  replayable: boolean;
}

export interface DeadLettersQuery {
  service?: DeadLetterService;
  limit: number;
  offset: number;
}

/**
 * `POST /ops/dead-letters/{id}/replay`: the event went through its consumer's handler again.
 * `already-applied`: the consumer's inbox holds the event as applied, so nothing ran again.
 */
export interface DeadLetterReplay {
  id: string;
  outcome: 'applied' | 'already-applied';
  replayedAt: string;
  /** The username of the Guild Leader who replayed it. */
  replayedBy: string;
}

/** `<service>.<number>`, e.g. `identity.12`. */
export const DEAD_LETTER_ID = /^(auth|identity|guild-sync|discord-bot|campaigns)\.([1-9][0-9]{0,17})$/;

/** The service and row of a dead letter's id; null when it is not one. */
export function parseDeadLetterId(id: string): { service: DeadLetterService; row: string } | null {
  const match = DEAD_LETTER_ID.exec(id);
  return match ? { service: match[1] as DeadLetterService, row: match[2] as string } : null;
}

import { BUS_SETUP_USER, DEFAULT_SUBJECT_ROOT } from '@patt/contracts';
import { natsAuthOptions, NatsCredentials } from '@patt/service-kit';
import { connect } from 'nats';
import { DEFAULT_STREAM } from './bus-authorization';
import { ensureStream } from './jetstream';

export interface BusSetup {
  natsUrl: string;
  /** The setup user's credentials (user `bus-setup`); null on an open bus. */
  credentials: NatsCredentials | null;
  root?: string;
  stream?: string;
  /** How many servers keep each event (streamReplicasFrom); 1 when left out. */
  replicas?: number;
}

/** The bus setup's variable for the stream's replicas. */
export const STREAM_REPLICAS_VARIABLE = 'NATS_STREAM_REPLICAS';

/** JetStream keeps a stream on at most five servers. */
export const MAX_STREAM_REPLICAS = 5;

/**
 * NATS_STREAM_REPLICAS as the bus setup reads it: unset or empty is 1 (one server, as Compose and
 * `npm start` run it); otherwise a whole number from 1 to 5, which a JetStream cluster must have
 * at least as many servers for (3 on the Kubernetes cluster of three). Throws one sentence naming
 * the variable when it is anything else.
 */
export function streamReplicasFrom(env: NodeJS.ProcessEnv): number {
  const raw = env[STREAM_REPLICAS_VARIABLE]?.trim() ?? '';
  if (raw === '') return 1;
  const replicas = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_STREAM_REPLICAS) {
    throw new Error(
      `${STREAM_REPLICAS_VARIABLE} must be a whole number from 1 to ${MAX_STREAM_REPLICAS} (how many servers of the JetStream cluster keep each event), not "${raw}"`,
    );
  }
  return replicas;
}

/**
 * The bus's setup step: creates the events' stream, or widens its subjects when the contracts
 * added events, and keeps it on `replicas` servers (changing a stream kept on another number). Idempotent; `npm start`, the test platform and Compose's `bus-setup` run it before
 * the services, whose users may not touch the stream.
 */
export async function setupBus(setup: BusSetup): Promise<void> {
  const connection = await connect({
    ...natsAuthOptions(setup.credentials),
    servers: setup.natsUrl.split(','),
    name: BUS_SETUP_USER,
    maxReconnectAttempts: 0,
  });
  try {
    await ensureStream(await connection.jetstreamManager(), setup.stream ?? DEFAULT_STREAM, setup.root ?? DEFAULT_SUBJECT_ROOT, setup.replicas ?? 1);
  } finally {
    await connection.close();
  }
}

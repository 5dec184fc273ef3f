// The probe consumer as its own process, so a test can SIGKILL it mid-batch.
import 'reflect-metadata';
import { startProbe } from './probe';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is missing`);
  return value;
};

void startProbe({
  service: env('PROBE_SERVICE'),
  schema: env('PROBE_SCHEMA'),
  databaseUrl: env('DATABASE_URL'),
  natsUrl: env('NATS_URL'),
  subjectRoot: env('NATS_SUBJECT_ROOT'),
  stream: env('NATS_STREAM'),
  consume: true,
  handlerDelayMs: Number(process.env['PROBE_DELAY_MS'] ?? 0),
  ackWaitSeconds: 3,
}).then(({ app }) => {
  // SIGTERM closes the app the way a service does: consumers stop, the batch in hand finishes.
  app.enableShutdownHooks();
  console.log('probe ready');
});

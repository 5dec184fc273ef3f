import { DEFAULT_SUBJECT_ROOT, EVENT_SUBJECTS, EventSubject } from '@patt/contracts';

/** The subject an event travels on: the contract's `patt.x.y` under the configured root. */
export function wireSubject(root: string, subject: EventSubject): string {
  return `${root}${subject.slice(DEFAULT_SUBJECT_ROOT.length)}`;
}

/** The contract's subject of a wire subject, or null when it is not one of ours. */
export function contractSubject(root: string, wire: string): EventSubject | null {
  if (!wire.startsWith(`${root}.`)) return null;
  const subject = `${DEFAULT_SUBJECT_ROOT}${wire.slice(root.length)}`;
  return (EVENT_SUBJECTS as string[]).includes(subject) ? (subject as EventSubject) : null;
}

/** Durable consumers are named by the contracts' bus declarations, which the NATS authorization is generated from. */
export { consumerName } from '@patt/contracts';

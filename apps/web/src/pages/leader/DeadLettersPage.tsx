import { useState } from 'react';
import { useApi } from '../../app/session';
import type { DeadLetter, DeadLetterService } from '../../api/types';
import { SelectField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { formatDateTime, RelativeTime } from '../../components/RelativeTime';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const FILTERS = ['service'] as const;
/** The services that keep dead letters (docs/api.md, "Operations"). */
export const DEAD_LETTER_SERVICES: DeadLetterService[] = ['auth', 'identity', 'guild-sync', 'discord-bot', 'campaigns'];

/**
 * Events a service failed to apply, waiting for the Guild Leader: replayed through their consumer
 * once the cause is fixed, or discarded. Each asks to be confirmed.
 */
export function DeadLettersPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  const service = (DEAD_LETTER_SERVICES as string[]).includes(filters.service) ? (filters.service as DeadLetterService) : undefined;
  const query = { service, limit: PAGE_SIZE, offset: filters.offset };
  const letters = useResource(`dead-letters:${JSON.stringify(query)}`, (signal) => api.deadLetters.list(query, signal));
  const [announcement, setAnnouncement] = useState('');

  const resolved = (letter: DeadLetter, sentence: string) => {
    setAnnouncement(sentence);
    letters.update((page) => ({ items: page.items.filter((item) => item.id !== letter.id), total: page.total - 1 }));
  };

  return (
    <Page
      title="Dead letters"
      intro="Events a service failed to apply five times. Fix the cause first, then replay the event through its consumer (it is applied once), or discard it when it should never be applied."
    >
      <form className="filters" aria-label="Filter dead letters" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Service" name="service" value={service ?? ''} onChange={(event) => setFilters({ service: event.target.value })}>
          <option value="">All services</option>
          {DEAD_LETTER_SERVICES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectField>
      </form>
      <LiveStatus testId="dead-letter-status">{announcement}</LiveStatus>
      <AsyncContent resource={letters} what="the dead letters" isEmpty={(page) => page.items.length === 0} empty="No dead letters: every event was applied.">
        {(page) => (
          <>
            <ul className="cards" data-testid="dead-letter-list">
              {page.items.map((letter) => (
                <DeadLetterRow key={letter.id} letter={letter} onResolved={resolved} />
              ))}
            </ul>
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="dead letters" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

type Confirming = 'replay' | 'discard' | null;

function DeadLetterRow({ letter, onResolved }: { letter: DeadLetter; onResolved(letter: DeadLetter, sentence: string): void }) {
  const api = useApi();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const replay = useAction(() => api.deadLetters.replay(letter.id));
  const discard = useAction(() => api.deadLetters.discard(letter.id));
  const pending = replay.pending || discard.pending;
  const error = replay.error ?? discard.error;

  const confirm = async () => {
    if (confirming === 'replay') {
      const result = await replay.run();
      if (result) {
        onResolved(
          letter,
          result.outcome === 'applied'
            ? `The event ${letter.subject} (${letter.id}) was applied.`
            : `The event ${letter.subject} (${letter.id}) had been applied already; nothing ran again.`,
        );
      } else setConfirming(null);
    } else if (confirming === 'discard') {
      if ((await discard.run()) !== undefined) onResolved(letter, `The dead letter ${letter.id} is discarded.`);
      else setConfirming(null);
    }
  };

  return (
    <li className="card" data-testid="dead-letter">
      <p className="card-title">{letter.subject}</p>
      <dl className="facts-list">
        <dt>Service</dt>
        <dd data-testid="dead-letter-service">{letter.service}</dd>
        <dt>Consumer</dt>
        <dd>
          <code>{letter.consumer}</code>
        </dd>
        <dt>Dead-lettered</dt>
        <dd title={formatDateTime(letter.failedAt)}>
          <RelativeTime iso={letter.failedAt} />
        </dd>
        <dt>Attempts</dt>
        <dd data-testid="dead-letter-attempts">{letter.attempts}</dd>
        <dt>Event</dt>
        <dd>
          <code>{letter.eventId}</code>
        </dd>
      </dl>
      <pre className="error-text" data-testid="dead-letter-error">
        {letter.lastError}
      </pre>
      {!letter.replayable && <p className="hint">This message was not an event, so it cannot be replayed; discard it.</p>}
      <div className="actions">
        {confirming ? (
          <>
            <button
              type="button"
              className={confirming === 'discard' ? 'danger' : undefined}
              onClick={() => void confirm()}
              disabled={pending}
              aria-label={confirming === 'replay' ? `Replay ${letter.id} now` : `Discard ${letter.id} for good`}
            >
              {confirming === 'replay' ? (replay.pending ? 'Replaying…' : 'Replay now') : discard.pending ? 'Discarding…' : 'Discard for good'}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)} disabled={pending}>
              Cancel
            </button>
          </>
        ) : (
          <>
            {letter.replayable && (
              <button type="button" onClick={() => setConfirming('replay')} aria-label={`Replay ${letter.id}`}>
                Replay
              </button>
            )}
            <button type="button" className="secondary" onClick={() => setConfirming('discard')} aria-label={`Discard ${letter.id}`}>
              Discard
            </button>
          </>
        )}
      </div>
      {confirming === 'replay' && <p className="hint">Replay only once the cause is fixed: the event goes through its consumer again, once.</p>}
      {error && <ErrorMessage error={error} />}
    </li>
  );
}

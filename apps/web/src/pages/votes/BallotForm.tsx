import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../../app/session';
import type { Ballot, Campaign, Entry } from '../../api/types';
import { FormError } from '../../components/Field';
import { LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { EntryPicture } from './EntryPicture';
import { howItCounts, ordinal } from './votes';

type Focus = { entryId: string; control: 'pick' | 'up' | 'down' | 'remove' } | { entryId: null; control: 'cast' };

/**
 * The ballot: the member picks entries in order of preference and can move them up and down or
 * take them out before casting. Every step is a button (keyboard, touch, screen readers alike),
 * says what it did in a live region, and leaves focus where the next step is: the next entry to
 * pick, the moved entry's button, the entry taken out, or Cast once the ballot is full.
 */
export function BallotForm({ campaign, onCast }: { campaign: Campaign & { entries: Entry[] }; onCast(ballot: Ballot): void }) {
  const api = useApi();
  const needed = campaign.picksPerVoter;
  const [picks, setPicks] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const cast = useAction((entryIds: string[]) =>
    api.campaigns.castBallot(
      campaign.id,
      entryIds.map((entryId, index) => ({ entryId, rank: index + 1 })),
    ),
  );
  const controls = useRef(new Map<string, HTMLButtonElement | null>());
  /** Where the last step wants focus, once its render is on screen. */
  const focusWanted = useRef<string | null>(null);
  useEffect(() => {
    const control = focusWanted.current ? controls.current.get(focusWanted.current) : undefined;
    if (!control || control.disabled) return;
    focusWanted.current = null;
    control.focus();
  });
  const nameOf = (entryId: string) => campaign.entries.find((entry) => entry.id === entryId)?.name ?? 'An entry';
  const full = picks.length >= needed;

  const change = (next: string[], said: string, focus: Focus) => {
    cast.reset();
    setPicks(next);
    setAnnouncement(said);
    focusWanted.current = focusKey(focus);
  };

  const pick = (entryId: string) => {
    if (picks.includes(entryId) || full) return;
    const next = [...picks, entryId];
    // The next entry still free after this one in the list, else the first free one.
    const at = campaign.entries.findIndex((entry) => entry.id === entryId);
    const free = campaign.entries.filter((entry) => !next.includes(entry.id));
    const firstFree = free.find((entry) => campaign.entries.indexOf(entry) > at) ?? free[0];
    const said = `${nameOf(entryId)} is your ${ordinal(next.length)} choice.${next.length === needed ? ' Your ballot is ready to cast.' : ''}`;
    change(next, said, next.length === needed || !firstFree ? { entryId: null, control: 'cast' } : { entryId: firstFree.id, control: 'pick' });
  };

  const move = (entryId: string, by: -1 | 1) => {
    const from = picks.indexOf(entryId);
    const to = from + by;
    if (from < 0 || to < 0 || to >= picks.length) return;
    const next = [...picks];
    next.splice(from, 1);
    next.splice(to, 0, entryId);
    // Keep focus on the same arrow while it can go on; at the end of the list, on the other one.
    const control = by < 0 ? (to === 0 ? 'down' : 'up') : to === next.length - 1 ? 'up' : 'down';
    change(next, `${nameOf(entryId)} is now your ${ordinal(to + 1)} choice.`, { entryId, control });
  };

  const remove = (entryId: string) => {
    const next = picks.filter((id) => id !== entryId);
    change(next, `${nameOf(entryId)} taken out. ${next.length} of ${needed} picked.`, { entryId, control: 'pick' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (picks.length !== needed) return;
    const ballot = await cast.run(picks);
    if (ballot) onCast(ballot);
  };

  return (
    <form className="ballot panel" onSubmit={(event) => void submit(event)} aria-labelledby="ballot-title" data-testid="ballot-form">
      <h2 id="ballot-title">Your ballot</h2>
      <p className="hint">
        {howItCounts(campaign)} Pick {needed === 1 ? 'one entry' : `${needed} entries, your favourite first`}; a ballot is final once cast.
      </p>
      <div className="ballot-columns">
        <section aria-labelledby="entries-title">
          <h3 id="entries-title">Entries</h3>
          <ul className="entry-choices" data-testid="entry-choices">
            {campaign.entries.map((entry) => {
              const place = picks.indexOf(entry.id);
              return (
                <li key={entry.id} className="entry-choice" data-testid="entry-choice" data-picked={place >= 0 || undefined}>
                  <EntryPicture entry={entry} />
                  <div className="entry-text">
                    <span className="entry-name">{entry.name}</span>
                    {entry.description && <span className="hint">{entry.description}</span>}
                  </div>
                  {place >= 0 ? (
                    <span className="badge picked-badge">Your {ordinal(place + 1)} choice</span>
                  ) : (
                    <button type="button" className="secondary" ref={(element) => void controls.current.set(`pick:${entry.id}`, element)} disabled={full} onClick={() => pick(entry.id)}>
                      Pick <span className="visually-hidden">{entry.name}</span>
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
        <section aria-labelledby="ranking-title">
          <h3 id="ranking-title">
            Your ranking ({picks.length} of {needed})
          </h3>
          {picks.length === 0 ? (
            <p className="muted" data-testid="ranking-empty">
              Nothing picked yet: pick your favourite first.
            </p>
          ) : (
            <ol className="ranking" data-testid="ranking">
              {picks.map((entryId, index) => {
                const name = nameOf(entryId);
                return (
                  <li key={entryId} className="ranked" data-testid="ranked-entry">
                    <span className="rank-number" aria-hidden="true">
                      {ordinal(index + 1)}
                    </span>
                    <span className="entry-name">{name}</span>
                    <span className="rank-controls">
                      <button
                        type="button"
                        className="secondary icon"
                        ref={(element) => void controls.current.set(`up:${entryId}`, element)}
                        disabled={index === 0}
                        aria-label={`Move ${name} up`}
                        onClick={() => move(entryId, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="secondary icon"
                        ref={(element) => void controls.current.set(`down:${entryId}`, element)}
                        disabled={index === picks.length - 1}
                        aria-label={`Move ${name} down`}
                        onClick={() => move(entryId, 1)}
                      >
                        ↓
                      </button>
                      <button type="button" className="secondary icon" ref={(element) => void controls.current.set(`remove:${entryId}`, element)} aria-label={`Take ${name} out`} onClick={() => remove(entryId)}>
                        ✕
                      </button>
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
          {full && picks.length > 0 && <p className="hint">Your ballot is full: take an entry out to pick another.</p>}
        </section>
      </div>
      <LiveStatus testId="ballot-announcement">{announcement}</LiveStatus>
      <FormError error={cast.error} />
      <button type="submit" ref={(element) => void controls.current.set('cast', element)} disabled={picks.length !== needed || cast.pending} data-testid="cast-ballot">
        {cast.pending ? 'Casting…' : 'Cast ballot'}
      </button>
    </form>
  );
}

function focusKey(focus: Focus): string {
  return focus.entryId === null ? 'cast' : `${focus.control}:${focus.entryId}`;
}

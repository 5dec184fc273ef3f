import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../../app/session';
import type { Entry, EntryInput } from '../../api/types';
import { FormError, problemOf, TextAreaField, TextField } from '../../components/Field';
import { ErrorMessage } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import type { Action } from '../../hooks/useAction';
import { EntryPicture } from './EntryPicture';

const bySortOrder = (a: Entry, b: Entry) => a.sortOrder - b.sortOrder;

/**
 * A draft's entries: add one (the form stays for the next), change one in place, move it up or
 * down (the order voters see them in), take it out. Every change is sent at once; the list shows
 * what the API answered.
 */
export function EntriesEditor({
  campaignId,
  entries,
  onEntries,
  onAnnounce,
}: {
  campaignId: string;
  entries: readonly Entry[];
  onEntries(entries: Entry[]): void;
  onAnnounce(text: string): void;
}) {
  const api = useApi();
  const sorted = [...entries].sort(bySortOrder);
  const [editing, setEditing] = useState<string | null>(null);
  const add = useAction((input: EntryInput) => api.campaigns.addEntry(campaignId, input));
  const remove = useAction((entryId: string) => api.campaigns.removeEntry(campaignId, entryId));
  // Moves send one PATCH per entry whose place changed (two for a swap).
  const reorder = useAction(async (order: Entry[]) => {
    const updated: Entry[] = [];
    for (const [index, entry] of order.entries()) {
      updated.push(entry.sortOrder === index ? entry : await api.campaigns.updateEntry(campaignId, entry.id, { sortOrder: index }));
    }
    return updated;
  });
  const moveButtons = useRef(new Map<string, HTMLButtonElement | null>());
  /** The arrow to focus once the move has landed and the buttons are on again. */
  const focusWanted = useRef<string | null>(null);
  useEffect(() => {
    const button = focusWanted.current ? moveButtons.current.get(focusWanted.current) : undefined;
    if (!button || button.disabled) return;
    focusWanted.current = null;
    button.focus();
  });

  const onAdded = (entry: Entry) => {
    onEntries([...sorted, entry]);
    onAnnounce(`${entry.name} added: ${sorted.length + 1} ${sorted.length + 1 === 1 ? 'entry' : 'entries'}.`);
  };

  const move = async (entry: Entry, by: -1 | 1) => {
    const from = sorted.findIndex((candidate) => candidate.id === entry.id);
    const to = from + by;
    if (to < 0 || to >= sorted.length) return;
    const order = [...sorted];
    order.splice(from, 1);
    order.splice(to, 0, entry);
    const updated = await reorder.run(order);
    if (!updated) return;
    onEntries(updated);
    onAnnounce(`${entry.name} is now number ${to + 1} of ${updated.length}.`);
    // The same arrow while it can go on, else the other one.
    focusWanted.current = by < 0 ? (to === 0 ? `down:${entry.id}` : `up:${entry.id}`) : to === updated.length - 1 ? `up:${entry.id}` : `down:${entry.id}`;
  };

  const onRemove = async (entry: Entry) => {
    if ((await remove.run(entry.id)) === undefined) return;
    onEntries(sorted.filter((candidate) => candidate.id !== entry.id));
    onAnnounce(`${entry.name} taken out.`);
  };

  return (
    <section aria-labelledby="entries-editor-title" className="panel" data-testid="entries-editor">
      <h2 id="entries-editor-title">Entries ({sorted.length})</h2>
      {sorted.length === 0 ? (
        <p className="muted" data-testid="no-entries">
          No entries yet: add the first below.
        </p>
      ) : (
        <ol className="cards entry-cards">
          {sorted.map((entry, index) => (
            <li key={entry.id} className="card" data-testid="entry-card">
              {editing === entry.id ? (
                <EntryForm
                  campaignId={campaignId}
                  entry={entry}
                  onDone={(saved) => {
                    setEditing(null);
                    if (!saved) return;
                    onEntries(sorted.map((candidate) => (candidate.id === saved.id ? saved : candidate)));
                    onAnnounce(`${saved.name} saved.`);
                  }}
                />
              ) : (
                <div className="entry-choice">
                  <EntryPicture entry={entry} />
                  <div className="entry-text">
                    <span className="entry-name">{entry.name}</span>
                    {entry.description && <span className="hint">{entry.description}</span>}
                  </div>
                  <span className="rank-controls">
                    <button
                      type="button"
                      className="secondary icon"
                      ref={(element) => void moveButtons.current.set(`up:${entry.id}`, element)}
                      disabled={index === 0 || reorder.pending}
                      aria-label={`Move ${entry.name} up`}
                      onClick={() => void move(entry, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="secondary icon"
                      ref={(element) => void moveButtons.current.set(`down:${entry.id}`, element)}
                      disabled={index === sorted.length - 1 || reorder.pending}
                      aria-label={`Move ${entry.name} down`}
                      onClick={() => void move(entry, 1)}
                    >
                      ↓
                    </button>
                    <button type="button" className="secondary" onClick={() => setEditing(entry.id)}>
                      Edit <span className="visually-hidden">{entry.name}</span>
                    </button>
                    <button type="button" className="secondary" disabled={remove.pending} onClick={() => void onRemove(entry)}>
                      Remove <span className="visually-hidden">{entry.name}</span>
                    </button>
                  </span>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {reorder.error && <ErrorMessage error={reorder.error} />}
      {remove.error && <ErrorMessage error={remove.error} />}
      <h3>Add an entry</h3>
      <EntryForm campaignId={campaignId} entry={null} add={add} onDone={(saved) => saved && onAdded(saved)} />
    </section>
  );
}

/** An entry's name, description and picture: a new one (cleared after each, ready for the next), or one being changed. */
function EntryForm({
  campaignId,
  entry,
  add,
  onDone,
}: {
  campaignId: string;
  entry: Entry | null;
  add?: Action<[EntryInput], Entry>;
  onDone(saved: Entry | null): void;
}) {
  const api = useApi();
  const [name, setName] = useState(entry?.name ?? '');
  const [description, setDescription] = useState(entry?.description ?? '');
  const [imageUrl, setImageUrl] = useState(entry?.imageUrl ?? '');
  const update = useAction((change: EntryInput) => api.campaigns.updateEntry(campaignId, entry?.id ?? '', change));
  const action = entry ? update : add;
  const nameField = useRef<HTMLInputElement>(null);
  const prefix = entry ? `entry-${entry.id}` : 'new-entry';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!action) return;
    const input: EntryInput = { name: name.trim(), description: description.trim() || null, imageUrl: imageUrl.trim() || null };
    const saved = await action.run(input);
    if (!saved) return;
    if (!entry) {
      setName('');
      setDescription('');
      setImageUrl('');
      nameField.current?.focus();
    }
    onDone(saved);
  };

  const error = action?.error ?? null;
  return (
    <form className="form entry-form" onSubmit={(event) => void submit(event)} aria-label={entry ? `Change ${entry.name}` : 'Add an entry'} data-testid={`${prefix}-form`}>
      <TextField label="Name" ref={nameField} value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} problem={problemOf(error, 'name')} />
      <TextAreaField label="Description" rows={2} value={description} onChange={(event) => setDescription(event.target.value)} problem={problemOf(error, 'description')} />
      <TextField
        label="Picture address"
        type="url"
        inputMode="url"
        value={imageUrl}
        onChange={(event) => setImageUrl(event.target.value)}
        hint="Optional: an https:// address of an image."
        problem={problemOf(error, 'imageUrl')}
      />
      <FormError error={error} />
      <div className="actions">
        <button type="submit" disabled={action?.pending}>
          {entry ? 'Save the entry' : 'Add the entry'}
        </button>
        {entry && (
          <button type="button" className="secondary" onClick={() => onDone(null)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../app/session';
import type { Character, DiscordMember, IdentityLink, Page as ListPage } from '../../api/types';
import { FormError, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { AsyncContent } from '../../components/Status';
import { ClassBadge, characterLabel } from '../../components/wow';
import { useAction } from '../../hooks/useAction';
import { useDebounced } from '../../hooks/useDebounced';
import { useResource } from '../../hooks/useResource';

const CANDIDATES = 20;

/**
 * Manual linking: pick a character and a Discord user and link them as one person. Opened from
 * an issue, the address names one or both (`?characterId=…&discordUserId=…`).
 */
export function LinkPage() {
  const api = useApi();
  const [params] = useSearchParams();
  const [characterId, setCharacterId] = useState(params.get('characterId') ?? '');
  const [discordUserId, setDiscordUserId] = useState(params.get('discordUserId') ?? '');
  const [linked, setLinked] = useState<IdentityLink | null>(null);
  const link = useAction(() => api.identity.link({ characterId: characterId || undefined, discordUserId: discordUserId || undefined }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLinked(null);
    const made = await link.run();
    if (made) setLinked(made);
  };

  return (
    <Page title="Link a character and a Discord user">
      <div className="pickers">
        <CharacterPicker selected={characterId} onSelect={setCharacterId} />
        <DiscordPicker selected={discordUserId} onSelect={setDiscordUserId} />
      </div>
      <form className="form" onSubmit={(event) => void submit(event)} data-testid="link-form">
        <p>
          {characterId || discordUserId
            ? 'Link the selected character and Discord user as one member.'
            : 'Pick a character, a Discord user, or both.'}
        </p>
        <FormError error={link.error} />
        <button type="submit" disabled={link.pending || (!characterId && !discordUserId)}>
          {link.pending ? 'Linking…' : 'Link'}
        </button>
        {linked && (
          <p role="status" data-testid="link-created">
            Linked. <Link to={`/members/${linked.personId}`}>Open the member</Link>.
          </p>
        )}
      </form>
    </Page>
  );
}

interface PickerProps {
  selected: string;
  onSelect(id: string): void;
}

function CharacterPicker({ selected, onSelect }: PickerProps) {
  const api = useApi();
  return (
    <Picker
      legend="Character"
      searchLabel="Find a character"
      unlinkedLabel="Only characters not linked yet"
      load={(filter, signal) => api.characters.list({ ...filter, limit: CANDIDATES, offset: 0 }, signal)}
      what="characters"
      name="characterId"
      selected={selected}
      onSelect={onSelect}
      idOf={(character: Character) => character.id}
      render={(character: Character) => (
        <>
          {characterLabel(character)} <ClassBadge className={character.className} /> <span className="muted">level {character.level ?? '?'}</span>
        </>
      )}
    />
  );
}

function DiscordPicker({ selected, onSelect }: PickerProps) {
  const api = useApi();
  return (
    <Picker
      legend="Discord user"
      searchLabel="Find a Discord user"
      unlinkedLabel="Only users not linked yet"
      load={(filter, signal) => api.discord.members({ ...filter, present: true, limit: CANDIDATES, offset: 0 }, signal)}
      what="Discord users"
      name="discordUserId"
      selected={selected}
      onSelect={onSelect}
      idOf={(member: DiscordMember) => member.userId}
      render={(member: DiscordMember) => (
        <>
          {member.username} <span className="muted">({member.displayName})</span>
        </>
      )}
    />
  );
}

/** What a picker asks for: the search (debounced, trimmed) and, while the box is ticked, only what is not linked yet. */
interface CandidateFilter {
  q: string;
  linked: false | undefined;
}

interface PickerFrameProps<T> extends PickerProps {
  legend: string;
  searchLabel: string;
  /** The box, ticked at first, that keeps to what is not linked yet. */
  unlinkedLabel: string;
  load(filter: CandidateFilter, signal: AbortSignal): Promise<ListPage<T>>;
  what: string;
  name: string;
  idOf(item: T): string;
  render(item: T): ReactNode;
}

/** A search, a box for what is not linked yet, and a radio list of what they found; the selection survives a search that no longer shows it. */
function Picker<T>({ legend, searchLabel, unlinkedLabel, load, what, name, selected, onSelect, idOf, render }: PickerFrameProps<T>) {
  const [q, setQ] = useState('');
  const [unlinkedOnly, setUnlinkedOnly] = useState(true);
  const filter: CandidateFilter = { q: useDebounced(q.trim()), linked: unlinkedOnly ? false : undefined };
  const resource = useResource(JSON.stringify(filter), (signal) => load(filter, signal));
  // What was picked, as it was shown: a later search may no longer list it.
  const [picked, setPicked] = useState<{ id: string; label: ReactNode } | null>(null);
  const pick = (item: T) => {
    setPicked({ id: idOf(item), label: render(item) });
    onSelect(idOf(item));
  };
  const selectedLabel = picked?.id === selected ? picked.label : selected;
  return (
    <fieldset className="picker" data-testid={`picker-${name}`}>
      <legend>{legend}</legend>
      <TextField label={searchLabel} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
      <label className="check">
        <input type="checkbox" checked={unlinkedOnly} onChange={(event) => setUnlinkedOnly(event.target.checked)} /> {unlinkedLabel}
      </label>
      <AsyncContent resource={resource} what={what} isEmpty={(page) => page.items.length === 0} empty={`No ${what} found.`}>
        {(page) => (
          <ul className="choices">
            {page.items.map((item) => {
              const id = idOf(item);
              return (
                <li key={id}>
                  <label className="check">
                    <input type="radio" name={name} value={id} checked={selected === id} onChange={() => pick(item)} /> {render(item)}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </AsyncContent>
      <p className="muted" data-testid={`selected-${name}`}>
        {selected ? <>Selected: {selectedLabel}</> : 'Nothing selected.'}
        {selected && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => onSelect('')}>
              Clear
            </button>
          </>
        )}
      </p>
    </fieldset>
  );
}

import type { Character } from '../api/types';
import { ClassBadge, RoleName } from './wow';
import { RelativeTime } from './RelativeTime';

interface CharacterTableProps {
  characters: readonly Character[];
  mainCharacterId?: string | null;
  /** Officers see the guild and officer notes (the API sends them null to everyone else). */
  showNotes?: boolean;
  caption: string;
}

/** A member's characters, main first, in the roster's columns. */
export function CharacterTable({ characters, mainCharacterId, showNotes = false, caption }: CharacterTableProps) {
  const sorted = [...characters].sort((a, b) => Number(b.id === mainCharacterId) - Number(a.id === mainCharacterId) || a.name.localeCompare(b.name));
  return (
    <div className="table-wrap">
      <table className="stack-on-phone" data-testid="character-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Character</th>
            <th scope="col">Class</th>
            <th scope="col">Spec</th>
            <th scope="col">Role</th>
            <th scope="col">Level</th>
            <th scope="col">Item level</th>
            <th scope="col">Guild rank</th>
            <th scope="col">Last login</th>
            {showNotes && <th scope="col">Guild note</th>}
            {showNotes && <th scope="col">Officer note</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((character) => (
            <tr key={character.id} data-testid="character-row">
              <th scope="row" data-label="Character">
                {character.name} <span className="muted">– {character.realmName}</span>
                {character.id === mainCharacterId && <span className="badge">main</span>}
                {!character.inGuild && <span className="badge warning">left the guild</span>}
              </th>
              <CharacterFactCells character={character} rankLabel="Guild rank" />
              {showNotes && <td data-label="Guild note">{character.guildNote || '–'}</td>}
              {showNotes && <td data-label="Officer note">{character.officerNote || '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type CharacterFacts = Pick<Character, 'className' | 'specName' | 'role' | 'level' | 'itemLevel' | 'guildRankName' | 'lastLoginAt'>;

/** A character's class, spec, role, level, item level, rank and last login, as table cells: the roster and a member's characters alike. */
export function CharacterFactCells({ character, rankLabel }: { character: CharacterFacts; rankLabel: string }) {
  return (
    <>
      <td data-label="Class">
        <ClassBadge className={character.className} />
      </td>
      <td data-label="Spec">{character.specName ?? '–'}</td>
      <td data-label="Role">
        <RoleName role={character.role} />
      </td>
      <td data-label="Level">{character.level ?? '–'}</td>
      <td data-label="Item level">{character.itemLevel ?? '–'}</td>
      <td data-label={rankLabel}>{character.guildRankName ?? '–'}</td>
      <td data-label="Last login">
        <RelativeTime iso={character.lastLoginAt} />
      </td>
    </>
  );
}

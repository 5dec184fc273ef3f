import { findClass } from '@patt/wow';
import type { Character, Role } from '../api/types';
import { RelativeTime } from './RelativeTime';

/** WCAG relative luminance of a #RRGGBB colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Black or white text on a class colour, whichever contrasts more: every class colour reaches
 * 4.5:1 with one of them, which class-coloured text on one page background could not.
 */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** The class name on its class colour, as the game shows it. */
export function ClassBadge({ className }: { className: string | null }) {
  const wowClass = findClass(className);
  if (!wowClass) return <span className="badge class-badge unknown">{className ?? 'Unknown class'}</span>;
  return (
    <span className="badge class-badge" style={{ background: wowClass.color, color: textOn(wowClass.color) }} data-class={wowClass.file}>
      {wowClass.name}
    </span>
  );
}

const ROLE_NAMES: Record<Role, string> = { tank: 'Tank', healer: 'Healer', melee: 'Melee', ranged: 'Ranged' };

export function RoleName({ role }: { role: Role | null }) {
  return role ? <span className={`role role-${role}`}>{ROLE_NAMES[role]}</span> : <span className="muted">No role</span>;
}

/** "Trog – Sen'jin": realms repeat names, so a character is always named with its realm. */
export function characterLabel(character: Pick<Character, 'name' | 'realmName'>): string {
  return `${character.name} – ${character.realmName}`;
}

/** One character as the roster lists it: class, spec, role, level, item level, last login. */
export function CharacterSummary({ character }: { character: Character }) {
  return (
    <span className="character" data-testid="character">
      <span className="character-name">{characterLabel(character)}</span> <ClassBadge className={character.className} />{' '}
      <span className="facts">
        {character.specName ?? 'No spec'} · <RoleName role={character.role} /> · level {character.level ?? '?'} · item level{' '}
        {character.itemLevel ?? '?'} · last login <RelativeTime iso={character.lastLoginAt} />
        {!character.inGuild && <> · <strong>left the guild</strong></>}
      </span>
    </span>
  );
}

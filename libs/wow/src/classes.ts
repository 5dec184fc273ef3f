/** A playable role as officers plan raids: the four groups a roster is sorted by. */
export type Role = 'tank' | 'healer' | 'melee' | 'ranged';

export interface WowClass {
  id: number;
  name: string;
  /** The locale-independent token the game uses (`classFile` in the addon export). */
  file: string;
  /** The class colour as the game's UI shows it. */
  color: string;
}

export interface WowSpec {
  id: number;
  classId: number;
  name: string;
  role: Role;
}

export const CLASSES: readonly WowClass[] = [
  { id: 1, name: 'Warrior', file: 'WARRIOR', color: '#C69B6D' },
  { id: 2, name: 'Paladin', file: 'PALADIN', color: '#F48CBA' },
  { id: 3, name: 'Hunter', file: 'HUNTER', color: '#AAD372' },
  { id: 4, name: 'Rogue', file: 'ROGUE', color: '#FFF468' },
  { id: 5, name: 'Priest', file: 'PRIEST', color: '#FFFFFF' },
  { id: 6, name: 'Death Knight', file: 'DEATHKNIGHT', color: '#C41E3A' },
  { id: 7, name: 'Shaman', file: 'SHAMAN', color: '#0070DD' },
  { id: 8, name: 'Mage', file: 'MAGE', color: '#3FC7EB' },
  { id: 9, name: 'Warlock', file: 'WARLOCK', color: '#8788EE' },
  { id: 10, name: 'Monk', file: 'MONK', color: '#00FF98' },
  { id: 11, name: 'Druid', file: 'DRUID', color: '#FF7C0A' },
  { id: 12, name: 'Demon Hunter', file: 'DEMONHUNTER', color: '#A330C9' },
  { id: 13, name: 'Evoker', file: 'EVOKER', color: '#33937F' },
];

export const SPECS: readonly WowSpec[] = [
  { id: 71, classId: 1, name: 'Arms', role: 'melee' },
  { id: 72, classId: 1, name: 'Fury', role: 'melee' },
  { id: 73, classId: 1, name: 'Protection', role: 'tank' },
  { id: 65, classId: 2, name: 'Holy', role: 'healer' },
  { id: 66, classId: 2, name: 'Protection', role: 'tank' },
  { id: 70, classId: 2, name: 'Retribution', role: 'melee' },
  { id: 253, classId: 3, name: 'Beast Mastery', role: 'ranged' },
  { id: 254, classId: 3, name: 'Marksmanship', role: 'ranged' },
  { id: 255, classId: 3, name: 'Survival', role: 'melee' },
  { id: 259, classId: 4, name: 'Assassination', role: 'melee' },
  { id: 260, classId: 4, name: 'Outlaw', role: 'melee' },
  { id: 261, classId: 4, name: 'Subtlety', role: 'melee' },
  { id: 256, classId: 5, name: 'Discipline', role: 'healer' },
  { id: 257, classId: 5, name: 'Holy', role: 'healer' },
  { id: 258, classId: 5, name: 'Shadow', role: 'ranged' },
  { id: 250, classId: 6, name: 'Blood', role: 'tank' },
  { id: 251, classId: 6, name: 'Frost', role: 'melee' },
  { id: 252, classId: 6, name: 'Unholy', role: 'melee' },
  { id: 262, classId: 7, name: 'Elemental', role: 'ranged' },
  { id: 263, classId: 7, name: 'Enhancement', role: 'melee' },
  { id: 264, classId: 7, name: 'Restoration', role: 'healer' },
  { id: 62, classId: 8, name: 'Arcane', role: 'ranged' },
  { id: 63, classId: 8, name: 'Fire', role: 'ranged' },
  { id: 64, classId: 8, name: 'Frost', role: 'ranged' },
  { id: 265, classId: 9, name: 'Affliction', role: 'ranged' },
  { id: 266, classId: 9, name: 'Demonology', role: 'ranged' },
  { id: 267, classId: 9, name: 'Destruction', role: 'ranged' },
  { id: 268, classId: 10, name: 'Brewmaster', role: 'tank' },
  { id: 269, classId: 10, name: 'Windwalker', role: 'melee' },
  { id: 270, classId: 10, name: 'Mistweaver', role: 'healer' },
  { id: 102, classId: 11, name: 'Balance', role: 'ranged' },
  { id: 103, classId: 11, name: 'Feral', role: 'melee' },
  { id: 104, classId: 11, name: 'Guardian', role: 'tank' },
  { id: 105, classId: 11, name: 'Restoration', role: 'healer' },
  { id: 577, classId: 12, name: 'Havoc', role: 'melee' },
  { id: 581, classId: 12, name: 'Vengeance', role: 'tank' },
  { id: 1480, classId: 12, name: 'Devourer', role: 'ranged' },
  { id: 1467, classId: 13, name: 'Devastation', role: 'ranged' },
  { id: 1468, classId: 13, name: 'Preservation', role: 'healer' },
  { id: 1473, classId: 13, name: 'Augmentation', role: 'ranged' },
];

const classById = new Map(CLASSES.map((c) => [c.id, c]));
const classByFile = new Map(CLASSES.map((c) => [c.file, c]));
const classByName = new Map(CLASSES.map((c) => [c.name.toLowerCase(), c]));
const specById = new Map(SPECS.map((s) => [s.id, s]));

/** Finds a class by id, by its file token (`DEATHKNIGHT`) or by its English name. */
export function findClass(key: number | string | null | undefined): WowClass | undefined {
  if (key === null || key === undefined) return undefined;
  if (typeof key === 'number') return classById.get(key);
  return classByFile.get(key.toUpperCase()) ?? classByName.get(key.toLowerCase());
}

export function findSpec(id: number | null | undefined): WowSpec | undefined {
  return id === null || id === undefined ? undefined : specById.get(id);
}

/**
 * The role of a spec, by id or by class and spec name (the names repeat across classes:
 * a Holy Priest and a Holy Paladin, a Frost Mage and a Frost Death Knight).
 */
export function roleOfSpec(spec: number | { className: string; specName: string } | null | undefined): Role | null {
  if (spec === null || spec === undefined) return null;
  if (typeof spec === 'number') return specById.get(spec)?.role ?? null;
  const cls = findClass(spec.className);
  if (!cls) return null;
  const found = SPECS.find((s) => s.classId === cls.id && s.name.toLowerCase() === spec.specName.toLowerCase());
  return found?.role ?? null;
}

// Parse speed and memory of @patt/savedvariables on realistic PATTSync exports.
//
//   npm run bench -- savedvariables-parse
//
// Memory is measured per parse in a fresh child process: the heap right after the parse (its
// peak, garbage included) and once collected (the result's size).
//
// The target (libs/savedvariables/README.md) is a 1,000-member export in < 50 ms. A 5,000-member
// export is close to the 2 MiB upload limit; maxBytes is raised if a generated file exceeds it.

import { spawnSync } from 'node:child_process';
import { parseSavedVariables, readPattSyncExport, serializeSavedVariables } from '../../libs/savedvariables/src';
import type { AddonCharacter, LuaValue, ParseOptions } from '../../libs/savedvariables/src';

const RUNS = 25;
const WARMUP_RUNS = 5;

const FIRST_NAMES = ['Trog', 'Zatañña', 'Élodie', 'Тролль', 'SSjörn', 'Ýmir', 'Лиса', 'Kaëlthas', 'Fëanor', 'Ñandú', 'Mørk', 'Drakthul'];
const REALMS = ['Senjin', "Sen'jin", 'Area52', 'Aggra(Português)', 'Гордунни', 'Kel\'Thuzad'];
const CLASSES: Array<[string, string]> = [
  ['Warrior', 'WARRIOR'], ['Chasseur de démons', 'DEMONHUNTER'], ['Шаман', 'SHAMAN'], ['Prêtre', 'PRIEST'],
  ['Death Knight', 'DEATHKNIGHT'], ['Évocateur', 'EVOKER'], ['Монах', 'MONK'],
];
const RANKS = ['Guild Master', 'Officer', 'Veteran', 'Member', 'Initiate', 'Alt'];
const ZONES = ['Dornogal', 'Isle of Dorn', 'Оргриммар', 'Valdrakken', "Azj-Kahet", ''];
const NOTES = [
  'Main', "Trog's alt", 'alt of Élodie', 'discord: zatanna', '@Тролль "tank"', 'dc=fëanor \\ healer',
  'line one\nline two', 'Лучший хил гильдии', '"quoted" note', '', 'M+ 2500 — raid core',
];

/** A deterministic pseudo-random sequence, so every run benchmarks the same files. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function makeExport(memberCount: number): string {
  const random = generator(memberCount);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const characters: AddonCharacter[] = [];
  for (let i = 0; i < memberCount; i++) {
    const [className, classFile] = pick(CLASSES);
    const rank = Math.floor(random() * RANKS.length);
    characters.push({
      name: `${pick(FIRST_NAMES)}${i}`,
      realm: pick(REALMS),
      class: className,
      classFile,
      level: 10 + Math.floor(random() * 71),
      rank,
      rankName: RANKS[rank],
      zone: pick(ZONES),
      note: pick(NOTES),
      officerNote: random() < 0.5 ? '' : `${pick(NOTES)} (${i})`,
      isOnline: random() < 0.2,
      lastOnline: random() < 0.5 ? 1732550400 - Math.floor(random() * 8_000_000) : `${Math.floor(random() * 30)} days`,
      achievementPoints: Math.floor(random() * 40_000),
    });
  }
  const lastExport = {
    exportTime: 1732550400,
    exportTimeISO: '2024-11-25T16:00:00Z',
    addonVersion: '1.4.2',
    guildName: 'Pull All The Things',
    memberCount,
    characters,
  };
  // AddonCharacter is a LuaValue table in all but its declared type.
  const db = { lastExport, lastExportTime: 1732550400, totalExports: 17 } as unknown as LuaValue;
  return serializeSavedVariables({ PATTSyncDB: db });
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

interface Timing {
  readonly median: number;
  readonly p95: number;
}

/** Wall-clock time of `RUNS` parses after a warm-up. */
function time(parse: () => unknown): Timing {
  for (let i = 0; i < WARMUP_RUNS; i++) parse();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    parse();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95) };
}

interface Memory {
  /**
   * Heap growth right after the parse, garbage included (no collection ran in between): what the
   * parse needed at its peak. (The process's resident peak is no measure here: making the file
   * already raised it higher.)
   */
  readonly heapAfter: number;
  /** Heap still used once garbage is collected and the result is kept: the result's size. */
  readonly retainedHeap: number;
}

type ParserLabel = 'parseSavedVariables(Buffer)' | 'parseSavedVariables(string)' | 'readPattSyncExport(Buffer)';
const PARSERS: ParserLabel[] = ['parseSavedVariables(Buffer)', 'parseSavedVariables(string)', 'readPattSyncExport(Buffer)'];

function parserOf(label: ParserLabel, text: string, bytes: Buffer, options: ParseOptions): () => unknown {
  switch (label) {
    case 'parseSavedVariables(Buffer)':
      return () => parseSavedVariables(bytes, options);
    case 'parseSavedVariables(string)':
      return () => parseSavedVariables(text, options);
    case 'readPattSyncExport(Buffer)':
      return () => readPattSyncExport(bytes, options);
  }
}

function optionsFor(bytes: Buffer): ParseOptions {
  return { maxBytes: Math.max(bytes.length, 2 * 1024 * 1024) };
}

/**
 * Memory of ONE parse in a fresh process (this file, run with `--memory <members> <parser>`):
 * in a process that has parsed before, the heap has grown to fit and a parse's peak is invisible.
 */
function memory(members: number, label: ParserLabel): Memory {
  const run = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv.filter((a) => a !== '--expose-gc'), __filename, '--memory', String(members), label], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`memory run failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Memory;
}

/** The child's side of `memory`: the file made, the heap collected, then one parse. */
function measureOneParse(members: number, label: ParserLabel): void {
  const text = makeExport(members);
  const bytes = Buffer.from(text, 'utf8');
  const parse = parserOf(label, text, bytes, optionsFor(bytes));
  collectGarbage();
  const before = process.memoryUsage();
  const result = parse();
  const after = process.memoryUsage();
  collectGarbage();
  const retained = process.memoryUsage();
  if (result === undefined) throw new Error('parse returned nothing'); // keeps `result` alive until here
  const memory: Memory = {
    heapAfter: after.heapUsed - before.heapUsed,
    retainedHeap: retained.heapUsed - before.heapUsed,
  };
  console.log(JSON.stringify(memory));
}

function main(): void {
  console.log(`node ${process.version}, ${RUNS} runs after ${WARMUP_RUNS} warm-up runs; memory of one parse in a fresh process`);
  for (const members of [1_000, 5_000]) {
    const text = makeExport(members);
    const bytes = Buffer.from(text, 'utf8');
    const options = optionsFor(bytes);
    if (readPattSyncExport(bytes, options).characters.length !== members) throw new Error('bench export did not read back');
    const limitNote = bytes.length > 2 * 1024 * 1024 ? ' (over the 2 MiB default: maxBytes raised)' : '';
    console.log(`\n${members} members: ${bytes.length} bytes (${mib(bytes.length)})${limitNote}`);
    for (const label of PARSERS) {
      const t = time(parserOf(label, text, bytes, options));
      const m = memory(members, label);
      console.log(
        `  ${label.padEnd(28)} median ${t.median.toFixed(2).padStart(7)} ms  p95 ${t.p95.toFixed(2).padStart(7)} ms  ` +
          `heap at peak ${signed(m.heapAfter)}  retained ${signed(m.retainedHeap)}`,
      );
    }
  }
}

function signed(bytes: number): string {
  return `${bytes >= 0 ? '+' : '-'}${mib(Math.abs(bytes))}`.padStart(10);
}

const memoryCase = process.argv.indexOf('--memory');
if (memoryCase >= 0) measureOneParse(Number(process.argv[memoryCase + 1]), process.argv[memoryCase + 2] as ParserLabel);
else main();

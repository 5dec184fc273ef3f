// Plain-text tables and the one-line JSON summary every benchmark ends with.
import { cpus, loadavg } from 'node:os';

export type Cell = string | number | boolean | null | undefined;

/** 12345.6 → "12,346"; digits for decimals; NaN and missing → "–". */
export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ms(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${num(value, digits)} ms`;
}

export function mib(kib: number | null | undefined): string {
  return kib === null || kib === undefined ? '–' : `${num(kib / 1024, 1)} MiB`;
}

export function verdict(met: boolean | null): string {
  return met === null ? '–' : met ? 'met' : 'MISSED';
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '–';
  if (typeof cell === 'number') return num(cell, Number.isInteger(cell) ? 0 : 1);
  return String(cell);
}

/** Prints a boxed table: text columns left-aligned, columns that look numeric right-aligned. */
export function printTable(title: string, headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): void {
  const cells = rows.map((row) => headers.map((_, index) => text(row[index])));
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((row) => (row[index] ?? '').length)));
  const numeric = headers.map((_, index) =>
    cells.length > 0 && cells.every((row) => /^[-+]?[\d,.]+( ?[a-zA-Z/%]+)?$|^–$/.test(row[index] ?? '')),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, index) => (numeric[index] ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(rule);
  for (const row of cells) console.log(line(row));
}

/** The machine's state, for every report: the figures mean little without it. */
export function machine(): { cores: number; loadAverage: [number, number, number]; node: string } {
  const [one, five, fifteen] = loadavg();
  const r = (value: number | undefined) => Math.round((value ?? 0) * 100) / 100;
  return { cores: cpus().length, loadAverage: [r(one), r(five), r(fifteen)], node: process.version };
}

export function machineLine(): string {
  const { cores, loadAverage, node } = machine();
  return `${cores} cores, load average ${loadAverage.join(' / ')} (1/5/15 min), node ${node}`;
}

/** The last line of a benchmark: one JSON object, for scripts (`… | tail -1 | jq`). */
export function printSummary(bench: string, figures: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench, at: new Date().toISOString(), machine: machine(), ...figures }));
}

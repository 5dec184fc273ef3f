/**
 * A strict reader of Prometheus' text exposition format (0.0.4), for tests: every line must be a
 * comment, a HELP or TYPE line, or a sample of a family declared by a TYPE line before it (a
 * histogram's `_bucket`, `_sum` and `_count`, a summary's `_sum` and `_count`); names and label
 * names must be valid, label values properly quoted, values numbers (or NaN, +Inf, -Inf, in any case as Prometheus reads them). A
 * histogram must end its buckets with `le="+Inf"`. Anything else throws, naming the line.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line) ?? [];
      if (!keyword) return; // a plain comment
      if (!METRIC_NAME.test(name as string)) fail('not a metric name');
      const family = families.get(name as string);
      if (keyword === 'TYPE') {
        const type = (rest ?? '').trim() as MetricType;
        if (!TYPES.includes(type)) fail('not a metric type');
        if (family?.type) fail('a second TYPE for one family');
        if (family && family.samples.length > 0) fail('TYPE after samples');
        families.set(name as string, { name: name as string, type, help: family?.help, samples: [] });
      } else {
        if (family?.help !== undefined) fail('a second HELP for one family');
        if (family) family.help = rest ?? '';
        else families.set(name as string, { name: name as string, type: undefined as unknown as MetricType, help: rest ?? '', samples: [] });
      }
      return;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/.exec(line);
    if (!match) return fail('not a sample');
    const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
    const family = familyOf(families, name);
    if (!family) return fail('a sample of no declared family');
    const value = parseValue(valueText);
    if (value === undefined) fail('not a sample value');
    const labels = parseLabels(labelText ?? '', fail);
    family.samples.push({ name, labels, value: value as number });
  });
  for (const family of families.values()) {
    if (!family.type) throw new Error(`${family.name} has HELP but no TYPE`);
    if (family.type === 'histogram') {
      const infinite = family.samples.filter((s) => s.name === `${family.name}_bucket` && s.labels['le'] === '+Inf');
      const counts = family.samples.filter((s) => s.name === `${family.name}_count`);
      if (infinite.length !== counts.length) throw new Error(`${family.name}: every series needs an le="+Inf" bucket and a _count`);
    }
  }
  return families;
}

function familyOf(families: Map<string, MetricFamily>, sampleName: string): MetricFamily | undefined {
  for (const family of families.values()) {
    if (!family.type) continue;
    for (const suffix of SUFFIXES[family.type]) {
      if (`${family.name}${suffix}` === sampleName) return family;
    }
  }
  return undefined;
}

/** As Prometheus reads a value (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`). */
function parseValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function parseLabels(text: string, fail: (why: string) => never): Record<string, string> {
  const labels: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(at))?.[0];
    if (!name || !LABEL_NAME.test(name)) fail('not a label name');
    at += (name as string).length;
    if (text.slice(at, at + 2) !== '="') fail('a label without ="');
    at += 2;
    let value = '';
    for (;;) {
      const c = text[at];
      if (c === undefined) fail('an unterminated label value');
      if (c === '"') break;
      if (c === '\\') {
        const next = text[at + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else fail('a bad escape in a label value');
        at += 2;
        continue;
      }
      value += c;
      at += 1;
    }
    at += 1;
    if ((name as string) in labels) fail(`label ${name} twice`);
    labels[name as string] = value;
    if (text[at] === ',') at += 1;
    else if (at < text.length) fail('labels not separated by a comma');
  }
  return labels;
}

/** The families a scrape must carry on every process: prom-client's process and Node.js defaults. */
export const PROCESS_FAMILIES = [
  'process_cpu_seconds_total',
  'process_start_time_seconds',
  'process_resident_memory_bytes',
  'process_open_fds',
  'nodejs_eventloop_lag_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_gc_duration_seconds',
  'nodejs_version_info',
] as const;

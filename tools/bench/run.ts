// The benchmark runner: `npm run bench` lists the benchmarks (every tools/bench/*.bench.ts),
// `npm run bench -- <name> [args…]` runs one, `npm run bench -- all` runs them all in sequence.
// Each runs as a child process with the same SWC register, its output straight to the terminal.
//
//   npm run bench
//   npm run bench -- events
//   npm run bench -- all
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { printTable } from './lib/table';

const BENCH_DIR = __dirname;
const REGISTER = join(BENCH_DIR, '../dev/register.cjs');
const SUFFIX = '.bench.ts';

interface Bench {
  name: string;
  file: string;
  summary: string;
}

function benches(): Bench[] {
  return readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith(SUFFIX))
    .sort()
    .map((file) => ({ name: file.slice(0, -SUFFIX.length), file: join(BENCH_DIR, file), summary: firstComment(join(BENCH_DIR, file)) }));
}

/** A benchmark's opening comment (its first paragraph), shortened, as its description. */
function firstComment(file: string): string {
  const lines: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*\/\/\s?(.*)$/.exec(line);
    if (!match?.[1]?.trim()) break;
    lines.push(match[1].trim());
  }
  const text = lines.join(' ').replace(/^Benchmark( of)?:?\s*/i, '');
  const sentence = /^(.{30,}?)[.:](\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence;
}

function list(all: Bench[]): void {
  console.log('Benchmarks in tools/bench (npm run bench -- <name> [args…], or -- all):');
  const width = Math.max(...all.map((bench) => bench.name.length));
  for (const bench of all) console.log(`  ${bench.name.padEnd(width)}  ${bench.summary}`);
}

function run(bench: Bench, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', REGISTER, bench.file, ...args], { stdio: 'inherit' });
    child.once('error', (error) => {
      console.error(`${bench.name}: could not start: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function describeExit(code: number): string {
  if (code === 0) return 'ok';
  if (code === 2) return 'goal missed (exit 2)';
  return `exit ${code} (failed, or missed its budget)`;
}

async function main(): Promise<number> {
  const all = benches();
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === '--list' || name === 'list' || name === '--help' || name === '-h') {
    list(all);
    return 0;
  }
  // Ctrl-C reaches the running benchmark too (same process group); let it clean up, then report.
  let interrupted = false;
  process.on('SIGINT', () => (interrupted = true));
  process.on('SIGTERM', () => (interrupted = true));

  if (name === 'all') {
    const results: Array<[string, string, string]> = [];
    let worst = 0;
    for (const bench of all) {
      if (interrupted) break;
      console.log(`\n=== ${bench.name} ${'='.repeat(Math.max(0, 60 - bench.name.length))}`);
      const t0 = performance.now();
      const code = await run(bench, args);
      results.push([bench.name, describeExit(code), `${Math.round((performance.now() - t0) / 1000)} s`]);
      if (code !== 0) worst = worst === 0 || code === 1 ? code : worst;
    }
    printTable('benchmarks run', ['bench', 'result', 'took'], results);
    return interrupted ? 130 : worst;
  }

  const bench = all.find((candidate) => candidate.name === name || `${candidate.name}${SUFFIX}` === name);
  if (!bench) {
    console.error(`No benchmark called "${name}".`);
    list(all);
    return 1;
  }
  return run(bench, args);
}

void main().then((code) => process.exit(code));

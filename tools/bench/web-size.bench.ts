// Size of the built web app: every JavaScript file of dist/apps/web, raw and gzipped, against the
// goal of < 250 KB of gzipped JavaScript (250,000 bytes; issue 8). Builds the app first (Vite, a
// few seconds), unless `--no-build` says to measure the dist/ that is there.
//
//   npm run bench -- web-size
//   npm run bench -- web-size --no-build
//
// gzip is zlib's default level (6), what a reverse proxy typically serves; level 9 is shown too.
// "At load" is what index.html asks for (its module script and preloads); the rest loads on demand.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { machineLine, num, printSummary, printTable, verdict } from './lib/table';

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist/apps/web');
const GOAL_GZIP_BYTES = 250_000;

interface Asset {
  file: string;
  bytes: number;
  gzip: number;
  gzip9: number;
  atLoad: boolean;
}

function build(): void {
  console.log('building apps/web (vite build)…');
  const vite = join(ROOT, 'node_modules/.bin/vite');
  const result = spawnSync(vite, ['build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The files index.html loads by itself: module scripts, module preloads and stylesheets. */
function loadedByIndex(): Set<string> {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? '');
  return new Set(refs.map((ref) => join(DIST, ref)));
}

function measure(extension: '.js' | '.css'): Asset[] {
  const atLoad = loadedByIndex();
  return filesUnder(DIST)
    .filter((file) => file.endsWith(extension))
    .map((file) => {
      const content = readFileSync(file);
      return {
        file: relative(DIST, file),
        bytes: content.length,
        gzip: gzipSync(content).length,
        gzip9: gzipSync(content, { level: 9 }).length,
        atLoad: atLoad.has(file),
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

const kb = (bytes: number): string => `${num(bytes / 1000, 1)} KB`;
const sum = (assets: readonly Asset[], key: 'bytes' | 'gzip' | 'gzip9'): number => assets.reduce((total, asset) => total + asset[key], 0);

function main(): number {
  console.log(`web-size: ${machineLine()}`);
  if (!process.argv.includes('--no-build')) build();
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error(`${relative(ROOT, DIST)}/index.html is missing: build the app (npx nx run web:build) or drop --no-build.`);
    return 1;
  }
  const builtAt = statSync(join(DIST, 'index.html')).mtime.toISOString();
  const js = measure('.js');
  const css = measure('.css');
  printTable(
    `JavaScript and CSS of dist/apps/web (built ${builtAt})`,
    ['file', 'at load', 'bytes', 'gzip', 'gzip -9'],
    [...js, ...css].map((asset) => [asset.file, asset.atLoad ? 'yes' : 'on demand', kb(asset.bytes), kb(asset.gzip), kb(asset.gzip9)]),
  );

  const totalGzip = sum(js, 'gzip');
  const atLoadJs = js.filter((asset) => asset.atLoad);
  const met = totalGzip < GOAL_GZIP_BYTES;
  printTable(
    'totals',
    ['what', 'bytes', 'gzip', 'gzip -9', 'goal (gzip)', 'result'],
    [
      ['all JavaScript', kb(sum(js, 'bytes')), kb(totalGzip), kb(sum(js, 'gzip9')), `< ${kb(GOAL_GZIP_BYTES)}`, verdict(met)],
      ['JavaScript at load', kb(sum(atLoadJs, 'bytes')), kb(sum(atLoadJs, 'gzip')), kb(sum(atLoadJs, 'gzip9')), '', ''],
      ['CSS', kb(sum(css, 'bytes')), kb(sum(css, 'gzip')), kb(sum(css, 'gzip9')), '', ''],
    ],
  );
  printSummary('web-size', {
    builtAt,
    jsFiles: js.length,
    jsBytes: sum(js, 'bytes'),
    jsGzipBytes: totalGzip,
    jsGzip9Bytes: sum(js, 'gzip9'),
    jsAtLoadGzipBytes: sum(atLoadJs, 'gzip'),
    cssGzipBytes: sum(css, 'gzip'),
    goalGzipBytes: GOAL_GZIP_BYTES,
    met,
  });
  return met ? 0 : 2;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

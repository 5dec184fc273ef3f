#!/usr/bin/env node
// Builds one app to dist/apps/<name>: SWC compiles the app and the shared libs it may import,
// keeping decorator metadata (Nest's DI needs it) and rewriting the @patt/* path aliases to
// relative requires, so the output runs with plain `node` and only node_modules beside it.
// Type checking is the `typecheck` target's job (tsc), kept apart so builds stay fast.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const name = process.argv[2];
if (!name || !existsSync(join(root, 'apps', name, 'src'))) {
  console.error(`usage: build-app.mjs <app>; no apps/${name}/src here`);
  process.exit(2);
}

const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
swcrc.jsc.baseUrl = root;
swcrc.jsc.paths = compilerOptions.paths;
delete swcrc.$schema;
const configFile = join(mkdtempSync(join(tmpdir(), 'patt-build-')), '.swcrc');
writeFileSync(configFile, JSON.stringify(swcrc));

const out = join(root, 'dist', 'apps', name);
rmSync(out, { recursive: true, force: true });
const sources = [join('apps', name, 'src'), ...['contracts', 'messaging', 'persistence', 'service-kit', 'wow', 'savedvariables', 'tally']
  .map((lib) => join('libs', lib, 'src'))
  .filter((dir) => existsSync(join(root, dir)))];
const swc = join(root, 'node_modules', '.bin', 'swc');
const result = spawnSync(
  swc,
  [...sources, '-d', out, '--config-file', configFile, '--ignore', '**/*.spec.ts,**/*.test.ts', '--copy-files', '--quiet'],
  { cwd: root, stdio: 'inherit' },
);
rmSync(dirname(configFile), { recursive: true, force: true });
process.exit(result.status ?? 1);

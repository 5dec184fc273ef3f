// Which npm packages an app requires at runtime, found the way the built output would find them:
// each file is compiled in memory with the very SWC settings tools/build/build-app.mjs uses
// (.swcrc plus the tsconfig path aliases), and the require() calls of the result are followed
// from apps/<app>/src/main.ts through every relative module it reaches. Compiling, rather than
// reading imports, matters: SWC drops type-only imports but keeps (for decorator metadata) an
// import used only as a parameter type, and that require() must resolve in the image too.
// Nothing is written to dist/, which other work in the same tree may be running from.
import { transformSync } from '@swc/core';
import type { Options } from '@swc/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

export interface RuntimeRequires {
  /** Package name -> the files (relative to the root) that require it. */
  packages: Map<string, string[]>;
  /** Problems met on the way: a require() of a computed name, an import that resolves nowhere. */
  problems: string[];
  /** How many modules of our own the walk compiled. */
  modules: number;
}

function swcOptions(root: string): Options {
  const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8')) as Options & { $schema?: string };
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  delete swcrc.$schema;
  return {
    ...swcrc,
    swcrc: false,
    configFile: false,
    sourceMaps: false,
    jsc: { ...swcrc.jsc, baseUrl: root, paths: compilerOptions.paths },
  };
}

/** `@scope/name/deep/path` -> `@scope/name`; `name/deep` -> `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const EXTENSIONS = ['.ts', '.js', '.json', '/index.ts', '/index.js'];

function resolveLocal(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  if (existsSync(base) && statSync(base).isFile()) return base;
  return EXTENSIONS.map((ext) => base + ext).find((candidate) => existsSync(candidate));
}

/** Walks an app's runtime module graph from its main.ts. */
export function runtimeRequires(root: string, app: string): RuntimeRequires {
  const options = swcOptions(root);
  const packages = new Map<string, string[]>();
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue = [join(root, 'apps', app, 'src', 'main.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.json')) continue;
    const where = relative(root, file);
    const { code } = transformSync(readFileSync(file, 'utf8'), { ...options, filename: file });
    // Every require() of the output; a computed one cannot be checked and is reported.
    for (const call of code.matchAll(/\brequire\(\s*([^)]*?)\s*\)/g)) {
      const literal = /^(["'`])([^"'`]+)\1$/.exec(call[1]!);
      if (!literal) {
        problems.push(`${where}: require(${call[1]}) names no fixed module`);
        continue;
      }
      const specifier = literal[2]!;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolveLocal(file, specifier);
        if (target) queue.push(target);
        else problems.push(`${where}: require("${specifier}") resolves to no file`);
      } else if (specifier.startsWith('@patt/')) {
        problems.push(`${where}: require("${specifier}") was not rewritten to a relative path; the image has no @patt/* packages`);
      } else if (!isBuiltin(specifier)) {
        const name = packageName(specifier);
        packages.set(name, [...(packages.get(name) ?? []), where]);
      }
    }
  }
  return { packages, problems, modules: seen.size };
}

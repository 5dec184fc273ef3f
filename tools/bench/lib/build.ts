// The platform benchmarks run the built services (dist/): warn when a build looks older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtMain, WORKSPACE_ROOT } from '@patt/testing';

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Waits (up to `timeoutMs`) for every app's dist/ main to exist: another build may be writing dist/ right now. */
export async function waitForBuilds(apps: readonly string[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const missing = () => apps.filter((app) => !existsSync(join(WORKSPACE_ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js')));
  let waiting = missing();
  if (waiting.length > 0) console.log(`  waiting for dist/ of ${waiting.join(', ')} (a build may be running)…`);
  while (waiting.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    waiting = missing();
  }
}

/**
 * Throws when an app is not built; returns a warning when sources (the app's or the libs') changed
 * after the build, so figures are not silently taken of older code.
 */
export function checkBuilds(apps: readonly string[]): string | null {
  const libs = readdirSync(join(WORKSPACE_ROOT, 'libs')).map((lib) => newestMtime(join(WORKSPACE_ROOT, 'libs', lib, 'src')));
  const newestLib = Math.max(0, ...libs);
  const stale: string[] = [];
  let oldest = Number.POSITIVE_INFINITY;
  for (const app of apps) {
    const built = statSync(builtMain(app)).mtimeMs; // throws with instructions when missing
    oldest = Math.min(oldest, built);
    if (Math.max(newestLib, newestMtime(join(WORKSPACE_ROOT, 'apps', app, 'src'))) > built) stale.push(app);
  }
  if (stale.length === 0) return null;
  return (
    `sources changed after the build of ${stale.join(', ')} (built ${new Date(oldest).toISOString()} or later); ` +
    'the figures are of the build (NX_DAEMON=false npx nx run-many -t build to refresh)'
  );
}

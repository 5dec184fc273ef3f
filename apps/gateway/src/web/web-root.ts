import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `nx build web` puts the app, under the working directory (the repository, or /app in the image). */
export const DEFAULT_WEB_ROOT = 'dist/apps/web';

/** A directory with the built app's index.html in it. */
export function isWebRoot(directory: string): boolean {
  try {
    return statSync(directory).isDirectory() && existsSync(join(directory, 'index.html'));
  } catch {
    return false;
  }
}

/**
 * The directory to serve the web app from: WEB_ROOT when set (the config checked it holds an
 * index.html), else the default build output when it has been built, else none (the gateway then
 * serves the API alone).
 */
export function webRootOf(configured: string | undefined, cwd = process.cwd()): string | null {
  if (configured) return resolve(cwd, configured);
  const fallback = resolve(cwd, DEFAULT_WEB_ROOT);
  return isWebRoot(fallback) ? fallback : null;
}

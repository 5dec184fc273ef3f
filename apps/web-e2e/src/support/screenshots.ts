import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WORKSPACE_ROOT } from '@patt/testing';

/**
 * The README shows these. Every run of the suites takes them, from the real app; `npm run
 * screenshots` (PATT_SCREENSHOTS=1) writes them over docs/screenshots, other runs into a temporary
 * folder, so that `npm test` leaves the checkout as it found it.
 */
export const SCREENSHOT_DIR = process.env['PATT_SCREENSHOTS'] === '1' ? join(WORKSPACE_ROOT, 'docs', 'screenshots') : join(tmpdir(), 'patt-screenshots');

/**
 * Saves what the page shows as <SCREENSHOT_DIR>/<name>.png, once it has settled: no request in
 * flight, no part of the page still saying it is loading, fonts loaded, no caret blinking,
 * animations stopped.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelector('[data-testid="loading"]') === null);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  return path;
}

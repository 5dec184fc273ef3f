import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WORKSPACE_ROOT } from '@patt/testing';

/** The README shows these: every run of the suites takes them again, from the real app. */
export const SCREENSHOT_DIR = join(WORKSPACE_ROOT, 'docs', 'screenshots');

/**
 * Saves what the page shows as docs/screenshots/<name>.png, once it has settled: no request in
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

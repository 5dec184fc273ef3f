// Chromium for the browser tests: Debian's own build, driven by playwright-core (which ships no
// browser). .ci/run installs the `chromium` package where it is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';

/** Debian's chromium; PATT_CHROMIUM points elsewhere (another distribution's path, a local build). */
export const CHROMIUM_PATH = process.env['PATT_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Headless, and quiet: no sandbox (CI runs as root in a container), no GPU, no QUIC, none of the
 * background traffic (updates, sync, safe-browsing lists) a test machine should not make or wait on.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 800 } as const;
/** A common phone: 390 × 844 CSS pixels. */
export const PHONE = { width: 390, height: 844 } as const;

export interface TestBrowser {
  browser: Browser;
  /** A person at their own browser: a fresh context (no cookies, no storage) on the platform's origin. */
  person(options?: { viewport?: { width: number; height: number }; mobile?: boolean }): Promise<Person>;
  close(): Promise<void>;
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors (a CSP violation is one), for a test to assert there are none. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Starts Chromium on a user-data-dir of its own, made fresh here and removed on close, so no
 * profile, cache or cookie survives from one run (or suite) to the next.
 */
export async function launchChromium(baseURL: string): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium; .ci/run does) or set PATT_CHROMIUM.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'patt-chromium-'));
  // launchPersistentContext is the way to name the user-data-dir; its one context is the
  // browser's default, and each person gets a new context of that browser.
  const defaultContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  const browser = defaultContext.browser();
  if (!browser) throw new Error('Chromium started without a browser object');
  return {
    browser,
    person: async (options = {}) => {
      const context = await browser.newContext({
        baseURL,
        viewport: options.viewport ?? DESKTOP,
        isMobile: options.mobile ?? false,
        hasTouch: options.mobile ?? false,
        deviceScaleFactor: 1,
        locale: 'en-GB',
        timezoneId: 'UTC',
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error' && !isExpectedHttpError(message)) problems.push(`console: ${message.text()}`);
      });
      return { context, page, problems, close: () => context.close() };
    },
    close: async () => {
      await defaultContext.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium logs every 4xx answer to fetch as a console error ("Failed to load resource"). The app
 * shows those answers to the person (a 403, a rejected form); they are not the page failing.
 */
function isExpectedHttpError(message: ConsoleMessage): boolean {
  return /Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
}

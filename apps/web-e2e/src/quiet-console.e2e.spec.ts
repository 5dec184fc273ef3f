// No noise: a visitor's browser console stays empty on load, sign-in and sign-out, with no failed
// request either. The app asks for a silent refresh only when the gateway's session marker
// (`patt_session`) says a session may exist, so a visitor who never signed in, or signed out,
// sends none, and no "Failed to load resource: 401" shows. Unlike the other suites, nothing is
// excused here: every console error, every 4xx or 5xx answer and every failed request counts.
import type { Page } from 'playwright-core';
import { launchChromium, Person, TestBrowser } from './support/browser';
import { signInWithForm } from './support/pages';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

interface Watched {
  /** Console errors and warnings, page errors, failed requests and answers of 400 or more. */
  noise: string[];
  /** Every refresh the page asked for, with its answer's status. */
  refreshes: number[];
}

/** Listens to everything the page could complain about, from the first request on. */
function watch(page: Page): Watched {
  const watched: Watched = { noise: [], refreshes: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watched.noise.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => watched.noise.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '?';
    // Cancelled, not failed: the test navigated away while it was in flight, or the app aborted a
    // stale load (useResource); the console shows nothing for either.
    if (reason === 'net::ERR_ABORTED') return;
    watched.noise.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.url().endsWith('/api/v1/auth/refresh')) watched.refreshes.push(response.status());
    if (response.status() >= 400) watched.noise.push(`answer ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return watched;
}

const marker = (page: Page) => page.evaluate(() => document.cookie.split(';').some((part) => part.trim().startsWith('patt_session=')));

describe('the browser console on load, sign-in and sign-out', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let visitor: Person;
  let watched: Watched;

  beforeAll(async () => {
    web = await startWebPlatform({ seed: 19, guildSize: 20, discordSize: 10 });
    chromium = await launchChromium(web.url);
    visitor = await chromium.person();
    watched = watch(visitor.page);
  });

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    expect(watched?.noise ?? []).toEqual([]);
    expect(visitor?.problems ?? []).toEqual([]);
  });

  it('loads for a visitor who never signed in without asking for a refresh', async () => {
    const { page } = visitor;
    await page.goto('/');
    await page.waitForURL('**/login**');
    await page.getByTestId('login-form').waitFor();
    await page.goto('/register');
    await page.getByTestId('register-form').waitFor();
    await page.waitForLoadState('networkidle');
    expect(watched.refreshes).toEqual([]);
    expect(await marker(page)).toBe(false);
  });

  it('signs in: the gateway sets the marker, and a reload restores the session with one refresh', async () => {
    const { page } = visitor;
    await signInWithForm(page, GUILD_LEADER.username, GUILD_LEADER.password);
    await page.goto('/roster');
    await page.getByTestId('signed-in-as').waitFor();
    expect(await marker(page)).toBe(true);
    expect(watched.refreshes).toEqual([200]);

    await page.reload();
    await page.getByTestId('signed-in-as').waitFor();
    await page.waitForLoadState('networkidle');
    expect(watched.refreshes).toEqual([200, 200]);
  });

  it('signs out: the marker goes with the refresh cookie, and the next loads ask nothing', async () => {
    const { page, context } = visitor;
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByTestId('signed-out').waitFor();
    expect(await marker(page)).toBe(false);
    expect((await context.cookies()).map((c) => c.name)).toEqual([]);

    await page.goto('/roster');
    await page.getByTestId('login-form').waitFor();
    await page.reload();
    await page.getByTestId('login-form').waitFor();
    await page.waitForLoadState('networkidle');
    expect(watched.refreshes).toEqual([200, 200]);
  });
});

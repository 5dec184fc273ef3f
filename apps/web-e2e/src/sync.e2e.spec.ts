// An officer starts the guild's first roster sync from the sync page, in a real browser against
// the real platform, and watches its progress bar to the end and the run's counts.
import { launchChromium, Person, TestBrowser } from './support/browser';
import { navigationTargets, signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { eventually } from '@patt/testing';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

const GUILD_SIZE = 100;
/** 100 members at 25 Blizzard requests a second: the sync takes about five seconds to watch. */
const BLIZZARD_RATE = 25;

describe('an officer starts a roster sync and watches it', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let officer: Person;

  beforeAll(async () => {
    web = await startWebPlatform({
      seed: 33,
      guildSize: GUILD_SIZE,
      discordSize: 20,
      blizzardRate: BLIZZARD_RATE,
    });
    chromium = await launchChromium(web.url);
    officer = await chromium.person();
  });

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    // Whatever the scenario, the page itself must not have failed (a script error, a CSP refusal).
    expect(officer?.problems ?? []).toEqual([]);
  });

  it('signs in as the Guild Leader and is offered the officer pages', async () => {
    const { page } = officer;
    await signInWithForm(page, GUILD_LEADER.username, GUILD_LEADER.password);
    expect(await navigationTargets(page)).toEqual(expect.arrayContaining(['/roster', '/officer/suggestions', '/officer/sync']));
  });

  it('starts a sync and watches the progress bar reach the end, then sees the run’s counts', async () => {
    const { page } = officer;
    await page.goto('/officer/sync');
    await page.getByTestId('start-sync').click();
    const bar = page.getByRole('progressbar', { name: 'Roster sync progress' });
    await bar.waitFor();

    // Read the bar as a screen reader would, until the run has finished.
    const seen: Array<{ now: number; max: number }> = [];
    await eventually(
      'the sync to finish on the page',
      async () => {
        const [now, max] = await Promise.all([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]);
        if (now !== null && max !== null) seen.push({ now: Number(now), max: Number(max) });
        return (await page.getByTestId('sync-run').getAttribute('data-status')) === 'succeeded';
      },
      60_000,
      100,
    );
    // The page may render the end between a reading of the bar and the status read after it:
    // read the bar once more now that the run is over.
    const [now, max] = await Promise.all([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]);
    seen.push({ now: Number(now), max: Number(max) });
    const last = seen[seen.length - 1];
    expect(last).toEqual({ now: GUILD_SIZE, max: GUILD_SIZE });
    // It moved while we watched: some reading between empty and full.
    expect(seen.some((reading) => reading.now > 0 && reading.now < reading.max)).toBe(true);
    expect(seen.map((reading) => reading.now)).toEqual([...seen.map((reading) => reading.now)].sort((a, b) => a - b));
    expect(await page.getByRole('progressbar', { name: 'Roster sync progress' }).getAttribute('aria-valuetext')).toBe(`${GUILD_SIZE} of ${GUILD_SIZE}`);

    const counts = page.getByTestId('sync-counts');
    expect(await counts.locator('[data-count="found"]').textContent()).toBe(String(GUILD_SIZE));
    expect(await counts.locator('[data-count="added"]').textContent()).toBe(String(GUILD_SIZE));
    expect(await page.getByTestId('sync-announcement').textContent()).toContain('Sync finished: succeeded.');
    await screenshot(page, 'sync');
  });

});

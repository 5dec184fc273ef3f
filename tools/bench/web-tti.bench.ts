// Time to interactive of the roster page (the guild's 1,110 characters, a page of them grouped by
// member) and of the members page (its 1,000 members), in headless Chromium on this machine: from
// navigation start to the table rendered (its first page of rows and the pager's total painted)
// and the main thread free (the last long task over). The platform is the real one (every service
// from dist/, the gateway serving dist/apps/web), its members made the way production makes them:
// a Blizzard guild synced through guild-sync, a Discord server mirrored by the bot, identity
// linking character and Discord user by name.
//
//   NX_DAEMON=false npx nx run-many -t build   (the apps and the web app)
//   npm run bench -- web-tti
//
// Each load opens a page as a returning member would: the page restores the session from the
// refresh cookie (POST /api/v1/auth/refresh), then asks for its list and the ranks. The roster is
// measured at its default page (100 rows) and at its largest (500 rows). "Cold" is a fresh browser
// context (empty HTTP cache: index.html and every asset downloaded); "warm" is the same context
// again (assets from cache, index.html revalidated). No goal is set (issues 8 and 19 ask for the
// figures); the size of the JavaScript is web-size's.
import type { Page as PageOf, Member } from '@patt/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../apps/web-e2e/src/support/browser';
import { eventually } from '@patt/testing';
import { GUILD_LEADER, startWebPlatform, WEB_BUILD } from '../../apps/web-e2e/src/support/web-platform';
import { checkBuilds, waitForBuilds } from './lib/build';
import { Cleanup, prepareInfra, runBench, sleep } from './lib/harness';
import { round, summarize } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable } from './lib/table';

const MEMBERS = 1_000;
/**
 * Characters, and Discord members named like them. About 9 in 100 make no member: a name on two
 * realms (an officer must choose), or one a Discord username cannot carry (Cyrillic).
 */
const GUILD_SIZE = 1_110;
const COLD_LOADS = Number(process.env['BENCH_COLD_LOADS'] ?? 4);
const WARM_LOADS = Number(process.env['BENCH_WARM_LOADS'] ?? 8);

/** The pages measured: the path, and the list call whose timing is reported. */
const TARGETS = [
  { name: 'roster, 100 rows', path: '/roster', list: '/api/v1/characters' },
  { name: 'roster, 500 rows', path: '/roster?size=500', list: '/api/v1/characters' },
  { name: 'members', path: '/members', list: '/api/v1/members' },
] as const;
type Target = (typeof TARGETS)[number];
/** A long task in this window after the table painted still belongs to getting the page ready. */
const QUIET_MS = 500;

/**
 * Runs in the page before its own scripts: notes long tasks, and when the table has its rows (the
 * roster's characters or the members) and the pager its total (performance.now(), whose origin is
 * navigation start), then the frame after, when that has been painted.
 */
const PROBE = `
  window.__pattTti = { longTasks: [], renderedAt: null, paintedAt: null, rows: 0, total: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__pattTti.longTasks.push([entry.startTime, entry.startTime + entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    const probe = window.__pattTti;
    if (probe.renderedAt !== null) return;
    const rows = document.querySelectorAll('[data-testid="roster-row"], [data-testid="member-row"]').length;
    const match = /of (\\d+)/.exec(document.querySelector('[data-testid="pager-summary"]')?.textContent ?? '');
    if (rows === 0 || !match) return;
    probe.renderedAt = performance.now();
    probe.rows = rows;
    probe.total = Number(match[1]);
    requestAnimationFrame(() => setTimeout(() => (probe.paintedAt = performance.now()), 0));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
`;

interface Probe {
  longTasks: Array<[number, number]>;
  renderedAt: number | null;
  paintedAt: number | null;
  rows: number;
  total: number;
}

interface Load {
  target: Target['name'];
  kind: 'cold' | 'warm';
  /** Navigation start → the table painted. */
  paintedMs: number;
  /** Navigation start → painted and the main thread free. */
  interactiveMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Navigation start → the document's last byte. */
  documentMs: number;
  /** The session restore and the list call (characters or members), start to end. */
  refreshMs: number;
  listMs: number;
  /** Script bytes over the wire (0 from cache). */
  scriptBytes: number;
  rows: number;
  total: number;
}

async function measureLoad(page: Page, target: Target, kind: Load['kind']): Promise<Load> {
  await page.goto(target.path, { waitUntil: 'commit' });
  const probe = await eventually(
    `the ${target.name} table to paint`,
    async () => {
      const now = (await page.evaluate('window.__pattTti')) as Probe | undefined;
      return now?.paintedAt !== null && now?.paintedAt !== undefined ? now : undefined;
    },
    30_000,
    25,
  );
  // Let any work that follows the paint show up as long tasks before reading them.
  await sleep(QUIET_MS);
  const final = (await page.evaluate('window.__pattTti')) as Probe;
  const painted = probe.paintedAt as number;
  const relevant = final.longTasks.filter(([start]) => start < painted + QUIET_MS);
  const timing = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const span = (part) => { const r = resources.find((e) => e.name.includes(part)); return r ? r.responseEnd - r.startTime : -1; };
    return {
      documentMs: nav ? nav.responseEnd : -1,
      refreshMs: span('/api/v1/auth/refresh'),
      listMs: span(${JSON.stringify(target.list)}),
      scriptBytes: resources.filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).reduce((sum, e) => sum + e.transferSize, 0),
    };
  })()`)) as Pick<Load, 'documentMs' | 'refreshMs' | 'listMs' | 'scriptBytes'>;
  return {
    target: target.name,
    kind,
    paintedMs: painted,
    interactiveMs: Math.max(painted, ...relevant.map(([, end]) => end)),
    longTasks: relevant.length,
    longestTaskMs: Math.max(0, ...relevant.map(([start, end]) => end - start)),
    ...timing,
    rows: probe.rows,
    total: probe.total,
  };
}

/**
 * A browser context on the platform with the cookies a returning member's browser holds: the
 * refresh cookie, and the readable session marker without which the app does not ask for a refresh.
 */
async function contextWithCookie(newContext: () => Promise<BrowserContext>, baseUrl: string, refreshToken: string): Promise<BrowserContext> {
  const context = await newContext();
  await context.addCookies([
    { name: 'patt_refresh', value: refreshToken, url: `${baseUrl}/api/v1/auth`, httpOnly: true, sameSite: 'Strict' },
    { name: 'patt_session', value: '1', url: `${baseUrl}/`, sameSite: 'Strict' },
  ]);
  await context.addInitScript(PROBE);
  return context;
}

/** The cookie after the loads: each page load's refresh rotated it. */
async function currentCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'patt_refresh');
  if (!cookie) throw new Error('the browser lost its refresh cookie');
  return cookie.value;
}

runBench('web-tti', 175_000, async (cleanup: Cleanup) => {
  const started = Date.now();
  console.log(`web-tti bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  const apps = ['auth', 'identity', 'guild-sync', 'discord-bot', 'gateway'];
  await waitForBuilds(apps);
  const stale = checkBuilds(apps);
  if (stale) console.log(`  note: ${stale}`);
  await prepareInfra(cleanup);

  console.log(`  starting the platform and the stand-ins: a guild of ${num(GUILD_SIZE)} characters, as many Discord members named like them…`);
  const web = await startWebPlatform({ seed: 8, guildSize: GUILD_SIZE, discordSize: GUILD_SIZE + 20, discordTwins: GUILD_SIZE, blizzardRate: 1_000 });
  cleanup.add('platform', () => web.stop());
  const session = await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password);

  const seedStarted = Date.now();
  // As a guild does first: ranks go with the server's rank roles, so names link above Member too.
  await web.mapRanksToRoles();
  const run = await web.syncRoster(session.accessToken);
  if (run.status !== 'succeeded') throw new Error(`the roster sync ended ${run.status}: ${run.error ?? ''}`);
  let seen = 0;
  const progress = setInterval(() => console.log(`    … ${num(seen)} members so far`), 10_000);
  cleanup.add('progress', async () => clearInterval(progress));
  const members = await eventually(
    `identity to make ${MEMBERS} members`,
    async () => {
      seen = (await web.api<PageOf<Member>>('/members?limit=1', { token: session.accessToken })).total;
      return seen >= MEMBERS ? seen : undefined;
    },
    90_000,
    500,
  ).finally(() => clearInterval(progress));
  const characters = run.counts.found;
  console.log(`  ${num(members)} members after ${round((Date.now() - seedStarted) / 1000)} s (sync of ${num(characters)} characters, mirror, matching)`);

  const chromium = await launchChromium(web.url);
  cleanup.add('chromium', () => chromium.close());
  const newContext = () => chromium.browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });

  const loads: Load[] = [];
  let cookie = session.refreshToken;
  for (const target of TARGETS) {
    console.log(`  ${target.name}: ${COLD_LOADS} cold loads (fresh context each), then ${WARM_LOADS} warm loads (one context)…`);
    for (let i = 0; i < COLD_LOADS; i++) {
      const context = await contextWithCookie(newContext, web.url, cookie);
      const page = await context.newPage();
      loads.push(await measureLoad(page, target, 'cold'));
      cookie = await currentCookie(context);
      await context.close();
    }
    const warm = await contextWithCookie(newContext, web.url, cookie);
    const warmPage = await warm.newPage();
    await measureLoad(warmPage, target, 'warm'); // fills the cache; not counted
    for (let i = 0; i < WARM_LOADS; i++) loads.push(await measureLoad(warmPage, target, 'warm'));
    cookie = await currentCookie(warm);
    await warm.close();
  }
  const loadAtEnd = machine().loadAverage;

  const bad = loads.filter((load) => load.total < MEMBERS || load.rows === 0);
  if (bad.length > 0) throw new Error(`a load of ${bad[0]?.target} showed ${bad[0]?.rows} rows of ${bad[0]?.total}, not a list of at least ${MEMBERS}`);
  const groups = TARGETS.flatMap((target) =>
    (['cold', 'warm'] as const).map((kind) => {
      const of = loads.filter((load) => load.kind === kind && load.target === target.name);
      const stat = (pick: (load: Load) => number) => summarize(of.map(pick));
      return { target: target.name, kind, count: of.length, interactive: stat((l) => l.interactiveMs), painted: stat((l) => l.paintedMs), of };
    }),
  );
  printTable(
    `${num(members)} members, ${num(characters)} characters, headless Chromium — ms from navigation start`,
    ['page', 'loads', 'n', 'rows', 'of', 'interactive p50', 'p95', 'max', 'painted p50', 'document p50', 'refresh p50', 'list call p50', 'long tasks', 'longest task', 'script bytes'],
    groups.map(({ target, kind, count, interactive, painted, of }) => [
      target,
      kind,
      count,
      of[0]?.rows ?? 0,
      of[0]?.total ?? 0,
      ms(interactive.p50, 0),
      ms(interactive.p95, 0),
      ms(interactive.max, 0),
      ms(painted.p50, 0),
      ms(summarize(of.map((l) => l.documentMs)).p50, 0),
      ms(summarize(of.map((l) => l.refreshMs)).p50, 0),
      ms(summarize(of.map((l) => l.listMs)).p50, 0),
      round(summarize(of.map((l) => l.longTasks)).mean, 1),
      ms(summarize(of.map((l) => l.longestTaskMs)).max, 0),
      num(summarize(of.map((l) => l.scriptBytes)).p50),
    ]),
  );
  console.log(`  load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; the platform, the stand-ins and Chromium share these cores; ran ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`  web app: ${WEB_BUILD}; its JavaScript size: npm run bench -- web-size`);

  printSummary('web-tti', {
    goalsMet: true,
    goal: null,
    members,
    characters,
    loads: groups.map(({ target, kind, count, interactive, painted, of }) => ({
      page: target,
      kind,
      count,
      rows: of[0]?.rows ?? 0,
      interactiveMs: { p50: round(interactive.p50, 0), p95: round(interactive.p95, 0), max: round(interactive.max, 0) },
      paintedMs: { p50: round(painted.p50, 0) },
    })),
    loadAverageAtStart: loadAtStart,
  });
  return true;
});

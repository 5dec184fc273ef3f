// The roster of a 1,000-character guild in a real browser against the real platform: the guild
// synced from the Blizzard stand-in, most mains linked to the Discord users named like them, alts
// joined to their mains by the guild notes of an addon export uploaded through the API, the rest of
// no member. Every character is listed across the pages; members' characters stay together.
import type { CharacterListItem, Page as PageOf } from '@patt/contracts';
import { CLASSES } from '@patt/wow';
import { launchChromium, Person, TestBrowser } from './support/browser';
import { signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { eventually } from '@patt/testing';
import { discordTwinsOf, GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(300_000);

const GUILD_SIZE = 1_000;
const TWINS = 600;
const ALTS = 200;

const fold = (name: string): string => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

describe('the roster lists the whole guild', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let officer: Person;
  let token: string;
  let everyone: CharacterListItem[];

  beforeAll(async () => {
    web = await startWebPlatform({ seed: 41, guildSize: GUILD_SIZE, discordSize: TWINS + 20, discordTwins: TWINS, blizzardRate: 1_000 });
    token = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    await web.mapRanksToRoles();
    const run = await web.syncRoster(token);
    expect(run.status).toBe('succeeded');

    // Alts: characters no Discord user is named like, each given a guild note naming a main
    // (a linked character whose name is its own in the whole guild), as the addon exports them.
    const characters = web.blizzard.guild.members();
    const twins = new Set(discordTwinsOf(characters, TWINS).map((twin) => twin.username));
    const count = new Map<string, number>();
    for (const c of characters) count.set(fold(c.name), (count.get(fold(c.name)) ?? 0) + 1);
    const mains = characters.filter((c) => twins.has(fold(c.name).replace(/[^a-z0-9_.]/g, '')) && count.get(fold(c.name)) === 1);
    const alts = characters.filter((c) => !twins.has(fold(c.name).replace(/[^a-z0-9_.]/g, ''))).slice(0, ALTS);
    const upload = await web.call('/guild-sync/addon-uploads', {
      method: 'POST',
      token,
      body: {
        exportTime: Math.floor(Date.now() / 1000),
        addonVersion: '2.1.0',
        guildName: web.blizzard.guild.name,
        characters: alts.map((alt, index) => {
          const wowClass = CLASSES.find((c) => c.id === alt.classId)!;
          return {
            name: alt.name,
            realm: alt.realm.name.replace(/[\s']/g, ''),
            class: wowClass.name,
            classFile: wowClass.file,
            level: alt.level,
            rank: alt.rank,
            rankName: `Rank ${alt.rank}`,
            note: `${mains[index % mains.length]!.name}'s alt`,
          };
        }),
      },
    });
    expect({ status: upload.status, body: upload.body }).toMatchObject({ status: 200, body: { ok: true } });

    // Identity has matched when the alts have joined their mains' members, and has settled when
    // two reads a second apart agree: a run still linking would move groups between the pages read.
    let previous = '';
    everyone = await eventually(
      'the alts to join their mains, and the matching to settle',
      async () => {
        const pages = await Promise.all([0, 500].map((offset) => web.api<PageOf<CharacterListItem>>(`/characters?limit=500&offset=${offset}`, { token })));
        const items = pages.flatMap((p) => p.items);
        const joined = items.filter((c) => c.member && !c.isMain).length;
        const reading = JSON.stringify(items.map((c) => [c.id, c.member?.id ?? null, c.isMain]));
        const settled = reading === previous;
        previous = reading;
        return items.length === GUILD_SIZE && joined >= ALTS / 2 && settled ? items : undefined;
      },
      120_000,
      1_000,
    );
    chromium = await launchChromium(web.url);
    officer = await chromium.person();
  });

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    expect(officer?.problems ?? []).toEqual([]);
  });

  it('shows every character of the 1,000 across its pages, members’ characters together, the unlinked marked', async () => {
    const { page } = officer;
    await signInWithForm(page, GUILD_LEADER.username, GUILD_LEADER.password);
    await page.goto('/roster?size=250');
    const table = page.getByTestId('roster-table');
    await table.waitFor();
    await screenshot(page, 'roster');

    const listed: string[] = [];
    const unlinkedShown: string[] = [];
    const groups: string[] = [];
    for (let pageNumber = 1; ; pageNumber += 1) {
      await page.getByTestId('pager-summary').filter({ hasText: `${(pageNumber - 1) * 250 + 1}–` }).waitFor();
      const rows = await table.evaluate((element) => ({
        ids: [...element.querySelectorAll('[data-testid="roster-row"]')].map((row) => row.getAttribute('data-character-id') ?? ''),
        unlinked: [...element.querySelectorAll('[data-testid="roster-row"][data-linked="false"]')]
          .filter((row) => row.querySelector('[data-testid="no-member"]'))
          .map((row) => row.getAttribute('data-character-id') ?? ''),
        groups: [...element.querySelectorAll('[data-testid="member-group"]')].map((group) => group.getAttribute('data-member-id') ?? ''),
      }));
      listed.push(...rows.ids);
      unlinkedShown.push(...rows.unlinked);
      groups.push(...rows.groups);
      const next = page.getByRole('button', { name: 'Next' });
      if (await next.isDisabled()) break;
      await next.click();
    }

    expect(listed).toHaveLength(GUILD_SIZE);
    expect(new Set(listed)).toEqual(new Set(everyone.map((c) => c.id)));
    expect(new Set(unlinkedShown)).toEqual(new Set(everyone.filter((c) => !c.member).map((c) => c.id)));
    expect(unlinkedShown.length).toBeGreaterThan(0);
    // One group per member (a group cut by a page boundary continues on the next page).
    const members = new Set(everyone.flatMap((c) => (c.member ? [c.member.id] : [])));
    expect(new Set(groups)).toEqual(members);
    expect(groups.length - members.size).toBeLessThanOrEqual(3);
    expect(await page.getByTestId('roster-glance').textContent()).toBe(`${GUILD_SIZE} characters in the roster, ${everyone.filter((c) => !c.member).length} with no member yet.`);
  });

  it('narrows to active healers of no member, sorted by item level, as an officer planning a raid would', async () => {
    const { page } = officer;
    await page.goto('/roster');
    await page.getByLabel('Role', { exact: true }).selectOption('healer');
    await page.getByLabel('Member', { exact: true }).selectOption('false');
    await page.getByLabel('Active', { exact: true }).selectOption('30');
    await page.getByRole('columnheader', { name: /^Item level/ }).getByRole('button').click();
    await page.waitForURL(/sort=itemLevel/);
    const expected = everyone
      .filter((c) => c.role === 'healer' && !c.member && c.lastLoginAt !== null && Date.parse(c.lastLoginAt) >= Date.now() - 30 * 86_400_000)
      .sort((a, b) => (b.itemLevel ?? -1) - (a.itemLevel ?? -1));
    const table = page.getByTestId('roster-table');
    await eventually('the filtered table', async () => (await table.getByTestId('roster-row').count()) === Math.min(100, expected.length));
    const shown = await table.evaluate((element) =>
      [...element.querySelectorAll('[data-testid="roster-row"]')].map((row) => Number(row.querySelector('[data-label="Item level"]')?.textContent)),
    );
    expect(shown).toEqual(expected.slice(0, 100).map((c) => c.itemLevel));
    expect(await page.getByRole('columnheader', { name: /^Item level/ }).getAttribute('aria-sort')).toBe('descending');
  });
});

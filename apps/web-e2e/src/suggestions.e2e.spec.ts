// An officer's round after a roster sync, in a real browser against the real platform: the
// suggestion the matching made (a character whose name is close to, not equal to, a Discord
// name) confirmed with its evidence in view; the roster, and the member that confirmation made.
import type { Character, Member, Page as PageOf } from '@patt/contracts';
import { launchChromium, Person, TestBrowser } from './support/browser';
import { navigationTargets, signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { eventually } from '@patt/testing';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

/** "Fizzbang" ~ "fizzbangg": close enough for a fuzzy suggestion, too far for an exact link. */
const FIZZ = { character: 'Fizzbang', discord: 'fizzbangg', displayName: 'Fizz the Great' } as const;

describe('an officer confirms a suggestion and finds the character under its new member on the roster', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let officer: Person;

  beforeAll(async () => {
    web = await startWebPlatform({
      seed: 33,
      guildSize: 60,
      characters: [{ name: FIZZ.character, rank: 4, classId: 8, specId: 63, level: 80 }],
      discordSize: 60,
      discordMembers: [{ username: FIZZ.discord, globalName: FIZZ.displayName, rank: 'Initiate' }],
      discordTwins: 30,
    });
    await web.syncRoster((await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken);
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

  it('confirms the suggestion the matching made, with its evidence in view', async () => {
    const { page } = officer;
    const leader = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    // The matching runs after the roster sync and the Discord mirror; wait for its suggestion.
    await eventually('the suggestion for Fizzbang', async () => {
      const page = await web.api<PageOf<{ characterName?: string }>>('/identity/suggestions?limit=500', { token: leader });
      return page.items.some((s) => s.characterName === FIZZ.character);
    });

    await page.goto('/officer/suggestions');
    const card = page.getByTestId('suggestion').filter({ hasText: FIZZ.character }).filter({ hasText: FIZZ.discord });
    await card.waitFor();
    expect(await card.getByTestId('suggestion-reason').textContent()).toMatch(/\S/);
    expect(await card.getByTestId('suggestion-score').textContent()).toMatch(/^\d+ %$/);
    await screenshot(page, 'suggestions');

    await card.getByRole('button', { name: /^Confirm/ }).click();
    await card.waitFor({ state: 'detached' });
    expect(await page.getByTestId('suggestion-outcome').textContent()).toContain(`${FIZZ.discord}`);

    // The link is made: the character now belongs to the member of that Discord user.
    const characters = await web.api<PageOf<Character>>(`/characters?q=${FIZZ.character}`, { token: leader });
    const fizzbang = characters.items.find((c) => c.name === FIZZ.character);
    expect(fizzbang?.personId).toEqual(expect.any(String));
    const member = await web.api<Member>(`/members/${fizzbang!.personId}`, { token: leader });
    expect(member.discord?.username).toBe(FIZZ.discord);
  });

  it('finds the character on the roster, now under its member, and opens the member’s page', async () => {
    const { page } = officer;
    await page.goto('/roster');
    await page.getByTestId('roster-table').waitFor();
    await screenshot(page, 'roster');

    await page.getByLabel('Search').fill(FIZZ.character);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByTestId('roster-row').filter({ hasText: FIZZ.character });
    await row.waitFor();
    expect(await row.getAttribute('data-linked')).toBe('true');
    await row.getByRole('link', { name: FIZZ.displayName }).click();
    await page.waitForURL('**/members/*');
    await page.getByText(FIZZ.character).first().waitFor();
    await screenshot(page, 'member');

    await page.goto('/members');
    await page.getByTestId('members-table').waitFor();
    await screenshot(page, 'members');
  });
});

// One player's characters of one name on two realms, one Discord user of that name, in a real
// browser against the real platform: the Conflicts page shows why the matching asked, with the
// characters to link by hand; on Suggestions the officer confirms one, and the other stays
// suggested to the member it made (after the run as well), which the Conflicts page now names.
import type { Character, Page as PageOf } from '@patt/contracts';
import { eventually } from '@patt/testing';
import { launchChromium, Person, TestBrowser } from './support/browser';
import { signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

const NAME = 'Brannok';
/** Not the guild's home realm (Sen'jin for this seed). */
const OTHER_REALM = 'Area 52';

describe('an officer settles one player’s characters of one name on two realms', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let officer: Person;
  let leader: string;

  const ofName = async (): Promise<Character[]> =>
    (await web.api<PageOf<Character>>(`/characters?q=${NAME}`, { token: leader })).items.filter((c) => c.name === NAME);

  beforeAll(async () => {
    web = await startWebPlatform({
      seed: 41,
      guildSize: 20,
      characters: [
        { name: NAME, rank: 4, level: 80 },
        { name: NAME, rank: 5, level: 72, realm: OTHER_REALM },
      ],
      discordSize: 20,
      discordMembers: [{ username: NAME.toLowerCase(), globalName: NAME }],
      discordTwins: 10,
    });
    leader = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    await web.syncRoster(leader);
    chromium = await launchChromium(web.url);
    officer = await chromium.person();
    await signInWithForm(officer.page, GUILD_LEADER.username, GUILD_LEADER.password);
    await eventually(`both ${NAME}s suggested`, async () => {
      const page = await web.api<PageOf<{ characterName?: string }>>('/identity/suggestions?limit=500', { token: leader });
      return page.items.filter((s) => s.characterName === NAME).length === 2 ? true : undefined;
    });
  });

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    expect(officer?.problems ?? []).toEqual([]);
  });

  it('shows the claim on the Conflicts page, each character without a member and linkable by hand', async () => {
    const { page } = officer;
    await page.getByRole('link', { name: 'Conflicts' }).click();
    await page.waitForURL('**/officer/conflicts');
    const card = page.getByTestId('conflict').filter({ hasText: `@${NAME.toLowerCase()}` });
    await card.waitFor();
    expect(await card.getByText('Several characters claim one Discord user').count()).toBe(1);
    const characters = card.getByTestId('conflict-character');
    expect(await characters.count()).toBe(2);
    expect(await card.getByRole('link', { name: 'Link by hand' }).count()).toBe(3);
    await screenshot(page, 'conflicts');
  });

  it('confirms one on Suggestions; the other stays suggested to that member, and the Conflicts page names the member', async () => {
    const { page } = officer;
    await page.goto('/officer/suggestions');
    const cards = page.getByTestId('suggestion').filter({ hasText: NAME });
    await cards.first().waitFor();
    expect(await cards.count()).toBe(2);
    expect(await cards.first().getByRole('button', { name: /^Confirm all 2/ }).count()).toBe(1);

    const first = cards.first();
    const confirmedId = await first.getAttribute('data-suggestion-id');
    await first.getByRole('button', { name: /^Confirm: / }).click();
    await page.locator(`[data-suggestion-id="${confirmedId}"]`).waitFor({ state: 'detached' });
    expect(await page.getByTestId('suggestion-outcome').textContent()).toContain('The other character of that name stays suggested to that member.');

    // After the run the confirmation asked for, and a reload: still suggested, under its id.
    const [linked] = (await ofName()).filter((c) => c.personId !== null);
    await eventually('the run after the confirmation', async () => {
      const page = await web.api<PageOf<{ personIds: string[]; kind: string }>>('/identity/conflicts?kind=discord_user_taken', { token: leader });
      return page.items.some((c) => c.personIds.includes(linked?.personId ?? '')) ? true : undefined;
    });
    await page.reload();
    const left = page.getByTestId('suggestion').filter({ hasText: NAME });
    await left.first().waitFor();
    expect(await left.count()).toBe(1);
    expect(await left.getByTestId('suggestion-reason').textContent()).toContain('of the same name');
    expect((await ofName()).filter((c) => c.personId === null)).toHaveLength(1);

    await page.goto('/officer/conflicts');
    const taken = page.getByTestId('conflict').filter({ hasText: 'Discord user already another member’s' });
    await taken.waitFor();
    expect(await taken.getByRole('link', { name: `@${NAME.toLowerCase()}` }).getAttribute('href')).toBe(`/members/${linked?.personId}`);
  });
});

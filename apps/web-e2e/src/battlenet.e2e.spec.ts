// Link Battle.net in a real browser against the real platform: a member opens their profile,
// clicks "Link Battle.net", logs in on the Blizzard stand-in's page, comes back to the profile
// with the characters of their Battle.net account linked, and the officers' coverage page shows it.
import type { Member } from '@patt/contracts';
import { eventually } from '@patt/testing';
import { launchChromium, Person, TestBrowser } from './support/browser';
import { signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

const TIKA = { character: 'Tikawaylan', alt: 'Tikabrewer', discord: 'tikawaylan', displayName: 'Tika', password: 'frying pan champion', battletag: 'Tika#4242' } as const;

describe('a member links Battle.net from their profile', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let tika: Person;
  let member: Member;

  beforeAll(async () => {
    web = await startWebPlatform({
      seed: 17,
      guildSize: 12,
      // Tika's main links by its name; her alt's name matches nobody, so only Battle.net can say whose it is.
      characters: [
        { name: TIKA.character, rank: 3, classId: 1, specId: 71, level: 80 },
        { name: TIKA.alt, rank: 4, classId: 5, specId: 257, level: 72 },
      ],
      discordSize: 12,
      discordMembers: [{ username: TIKA.discord, globalName: TIKA.displayName, rank: 'Member' }],
    });
    const leader = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    await web.syncRoster(leader);
    member = await web.memberOfDiscordUser(leader, TIKA.discord);
    const invite = await eventually('auth to know the member and invite them', async () => {
      const answer = await web.call<{ code: string }>(`/members/${member.id}/invites`, { method: 'POST', token: leader, body: {} });
      if (answer.status === 404) return undefined;
      if (!answer.body.ok) throw new Error(`POST /members/${member.id}/invites: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.data;
    });
    await web.api('/auth/register', { method: 'POST', body: { inviteCode: invite.code, username: TIKA.discord, password: TIKA.password } });
    // Her Battle.net account holds both characters.
    const byName = (name: string) => web.blizzard.guild.members().find((c) => c.name === name)!;
    web.blizzard.battlenet.add({ id: 424_242, battletag: TIKA.battletag, wowAccounts: [{ id: 1, characters: [byName(TIKA.character), byName(TIKA.alt)] }] });
    chromium = await launchChromium(web.url);
  });

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    expect(tika?.problems ?? []).toEqual([]);
  });

  it('clicks through the Blizzard login page and sees both characters linked on the profile', async () => {
    tika = await chromium.person();
    const { page } = tika;
    await signInWithForm(page, TIKA.discord, TIKA.password);
    await page.goto('/me');
    await page.getByRole('button', { name: 'Link Battle.net' }).click();
    // The stand-in's page, as Blizzard's: log in with the account.
    await page.getByRole('link', { name: `Log in as ${TIKA.battletag}` }).click();
    await page.waitForURL('**/me?battlenet=linked');
    await page.getByTestId('battlenet-linked').waitFor();
    const rows = page.getByTestId('battlenet-character');
    await rows.first().waitFor();
    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.getAttribute('data-status')]));
    expect(statuses.sort()).toEqual([
      [TIKA.alt, 'linked'],
      [TIKA.character, 'linked'],
    ]);
    expect(await page.getByTestId('battlenet').textContent()).toContain(`Linked to ${TIKA.battletag}`);
    expect(await page.getByRole('button', { name: 'Refresh my characters' }).isVisible()).toBe(true);
    // The alt is hers now: the profile's own character list shows it after a reload.
    await page.reload();
    await page.getByText(TIKA.alt).first().waitFor();
    await screenshot(page, 'battlenet-linked');
    // The binding cookie was for one callback only.
    expect((await tika.context.cookies()).filter((c) => c.name === 'patt_oauth_battlenet')).toEqual([]);
  });

  it('shows the officers who linked Battle.net', async () => {
    const leader = await chromium.person();
    try {
      await signInWithForm(leader.page, GUILD_LEADER.username, GUILD_LEADER.password);
      await leader.page.goto('/officer/battlenet?linked=true');
      const row = leader.page.getByTestId('coverage-row').filter({ hasText: TIKA.displayName });
      await row.waitFor();
      expect(await row.getAttribute('data-linked')).toBe('true');
      expect(leader.problems).toEqual([]);
    } finally {
      await leader.close();
    }
  });
});

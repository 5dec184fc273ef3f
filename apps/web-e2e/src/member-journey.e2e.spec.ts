// A member's way in, in a real browser against the real platform: the Discord bot's invite DM
// links to the app, the member registers from it, signs in again, and stays a member: the officer
// pages are not offered, and forcing one shows the API's own 403 sentence.
import type { Member } from '@patt/contracts';
import { launchChromium, Person, PHONE, TestBrowser } from './support/browser';
import { navigationTargets, signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

const TAS = { character: 'Tasslehoff', discord: 'tasslehoff', displayName: 'Tas Burrfoot', password: 'hoopak and pouches' } as const;

describe('a member, from the invite DM to the app', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let member: Member;
  let tas: Person;

  beforeAll(async () => {
    web = await startWebPlatform({
      seed: 21,
      guildSize: 40,
      // A rogue at in-game rank 3: the default rank table makes that a Member (level 2).
      characters: [{ name: TAS.character, rank: 3, classId: 4, specId: 260, level: 80 }],
      discordSize: 30,
      discordMembers: [{ username: TAS.discord, globalName: TAS.displayName, rank: 'Member' }],
      discordTwins: 15,
    });
    const leader = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    await web.syncRoster(leader);
    // Character and Discord user share a name: identity makes them one member.
    member = await web.memberOfDiscordUser(leader, TAS.discord);
    chromium = await launchChromium(web.url);
  });

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    // Whatever the scenario, the page itself must not have failed (a script error, a CSP refusal).
    expect(tas?.problems ?? []).toEqual([]);
  });

  it('opens the invite link from the Discord DM, registers with the code filled in, and is signed in', async () => {
    const leader = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    const invite = await web.api<{ code: string }>(`/members/${member.id}/invites`, { method: 'POST', token: leader, body: {} });
    const link = await web.inviteLinkSentTo(member.discord!.userId);
    expect(link).toBe(`${web.url}/register?code=${encodeURIComponent(invite.code)}`);

    tas = await chromium.person();
    const { page } = tas;
    await page.goto(link);
    const code = page.getByLabel('Invite code');
    await code.waitFor();
    expect(await code.inputValue()).toBe(invite.code);
    await screenshot(page, 'register');

    await page.getByLabel('Discord username').fill(TAS.discord);
    await page.getByLabel('Password').fill(TAS.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/me');
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Member');
    expect(await page.getByTestId('profile').textContent()).toContain(TAS.discord);
  });

  it('keeps the session across a reload through the refresh cookie, which page scripts cannot read', async () => {
    const { page, context } = tas;
    await page.reload();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Member');
    expect(await page.evaluate(() => document.cookie)).not.toContain('patt_refresh');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'patt_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
  });

  it('signs out, and signs in again with the new password', async () => {
    const { page, context } = tas;
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByTestId('signed-out').waitFor();
    expect((await context.cookies()).filter((c) => c.name === 'patt_refresh')).toEqual([]);

    await page.goto('/login');
    await page.getByTestId('login-form').waitFor();
    await screenshot(page, 'login');
    await signInWithForm(page, TAS.discord, TAS.password);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Member');
  });

  it('offers a Member no officer pages, and shows the API’s 403 sentence when one is forced', async () => {
    const { page } = tas;
    await page.goto('/roster');
    // A new page load restores the session with a silent refresh; the navigation is the member's once it has.
    await page.getByTestId('signed-in-as').waitFor({ state: 'attached' });
    const targets = await navigationTargets(page);
    expect(targets).toContain('/roster');
    expect(targets.filter((href) => href.startsWith('/officer') || href.startsWith('/leader'))).toEqual([]);

    for (const path of ['/officer/suggestions', '/officer/sync']) {
      await page.goto(path);
      const error = page.getByTestId('error').first();
      await error.waitFor();
      expect({ path, code: await error.getAttribute('data-code') }).toEqual({ path, code: 'FORBIDDEN' });
      expect(await error.textContent()).toContain('This needs the rank Officer or higher.');
    }
  });

  it('reads the roster on a phone', async () => {
    const phone = await chromium.person({ viewport: PHONE, mobile: true });
    try {
      const { page } = phone;
      await signInWithForm(page, TAS.discord, TAS.password);
      await page.goto('/roster');
      await page.getByTestId('roster-row').filter({ hasText: TAS.character }).waitFor();
      // Nothing wider than the screen: the table stacks instead of scrolling sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'roster-phone');
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

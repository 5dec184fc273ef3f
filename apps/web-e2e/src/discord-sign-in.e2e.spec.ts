// Signing in with Discord in a real browser: the login page's button, the Discord stand-in's
// authorize page clicked through as a member would click Discord's, and back in the app signed in
// (an account made for the member whose Discord account it is); a Discord user no member has comes
// back to the login page with the sentence that says why. The member sets a password from the
// profile, signs in with it, and changes it.
import { launchChromium, Person, TestBrowser } from './support/browser';
import { signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

const RAISTLIN = { character: 'Raistlin', discord: 'raistlin', displayName: 'Raistlin Majere' } as const;

describe('signing in with Discord, in a browser', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  const people: Person[] = [];

  beforeAll(async () => {
    web = await startWebPlatform({
      seed: 33,
      guildSize: 20,
      // A mage at in-game rank 3: the default rank table makes that a Member.
      characters: [{ name: RAISTLIN.character, rank: 3, classId: 8, specId: 63, level: 80 }],
      discordSize: 10,
      discordMembers: [{ username: RAISTLIN.discord, globalName: RAISTLIN.displayName, rank: 'Member' }],
    });
    const leader = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    await web.syncRoster(leader);
    // The character and the Discord user share a name: identity makes them one member, and auth hears of it.
    await web.memberOfDiscordUser(leader, RAISTLIN.discord);
    chromium = await launchChromium(web.url);
  });

  afterAll(async () => {
    for (const person of people) await person.close();
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    // Whatever the scenario, no page of the app failed (a script error, a CSP refusal).
    for (const person of people) expect(person.problems).toEqual([]);
  });

  it('signs a linked member in by clicking through Discord’s authorize page, their account made there and then', async () => {
    const person = await chromium.person();
    people.push(person);
    const { page } = person;
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in with Discord' }).click();
    await page.waitForURL(`${web.discord.oauthUrl}?**`);
    await screenshot(page, 'discord-authorize');
    await page.getByRole('button', { name: `Authorize as ${RAISTLIN.discord}`, exact: true }).click();
    await page.waitForURL(`${web.url}/`);
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Member');
    // The session is a password login's: the refresh cookie, which scripts cannot read.
    const [cookie] = (await person.context.cookies()).filter((c) => c.name === 'patt_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect((await person.context.cookies()).some((c) => c.name === 'patt_oauth_discord')).toBe(false);

    // Again, in another browser: the same account.
    const again = await chromium.person();
    people.push(again);
    await again.page.goto('/register');
    await again.page.getByRole('button', { name: 'Sign in with Discord' }).click();
    await again.page.getByRole('button', { name: `Authorize as ${RAISTLIN.discord}`, exact: true }).click();
    await again.page.getByTestId('signed-in-as').waitFor();
    const me = async (who: Person) =>
      who.page.evaluate(async () => {
        const refreshed = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return ((await refreshed.json()) as { data: { user: { id: string } } }).data.user.id;
      });
    expect(await me(again)).toBe(await me(person));
  });

  it('lets the member set a password on the profile, sign in with it, and change it', async () => {
    const FIRST = 'a first password of mine';
    const SECOND = 'a second password of mine';
    const person = await chromium.person();
    people.push(person);
    const { page } = person;
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in with Discord' }).click();
    await page.getByRole('button', { name: `Authorize as ${RAISTLIN.discord}`, exact: true }).click();
    await page.getByTestId('signed-in-as').waitFor();

    await page.goto('/me');
    const panel = page.getByTestId('password-panel');
    await panel.getByRole('heading', { name: 'Set a password' }).waitFor();
    expect(await panel.getByLabel('Current password').count()).toBe(0);
    await panel.getByLabel('New password', { exact: true }).fill(FIRST);
    await panel.getByLabel('Repeat the new password').fill(FIRST);
    await panel.getByRole('button', { name: 'Set a password' }).click();
    await panel.getByTestId('password-done').waitFor();
    expect(await panel.getByTestId('password-done').textContent()).toContain('Your password is set');
    await panel.getByRole('heading', { name: 'Change password' }).waitFor();

    // Another browser: the username and the new password.
    const laptop = await chromium.person();
    people.push(laptop);
    await signInWithForm(laptop.page, RAISTLIN.discord, FIRST);
    expect(await laptop.page.getByTestId('signed-in-as').textContent()).toContain('Member');
    await laptop.page.goto('/me');
    const form = laptop.page.getByTestId('password-panel');
    await form.getByRole('heading', { name: 'Change password' }).waitFor();
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill(SECOND);
    await form.getByLabel('Repeat the new password').fill(SECOND);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByTestId('form-error').waitFor();
    expect(await form.getByTestId('form-error').textContent()).toBe('The current password is wrong.');
    await form.getByLabel('Current password').fill(FIRST);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByTestId('password-done').waitFor();

    const later = await chromium.person();
    people.push(later);
    await signInWithForm(later.page, RAISTLIN.discord, SECOND);
    expect(await later.page.getByTestId('signed-in-as').textContent()).toContain('Member');
  });

  it('brings a Discord user no member has back to the login page, saying why', async () => {
    web.discord.oauth.addStranger({ username: 'wanderer' });
    const person = await chromium.person();
    people.push(person);
    const { page } = person;
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in with Discord' }).click();
    await page.getByRole('button', { name: 'Authorize as wanderer', exact: true }).click();
    await page.waitForURL(`${web.url}/login?error=NOT_A_MEMBER`);
    const refusal = page.getByTestId('discord-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('This Discord account belongs to no member of the guild.');
    await screenshot(page, 'discord-not-a-member');
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  });

  it('says so when the member cancels on Discord’s page', async () => {
    const person = await chromium.person();
    people.push(person);
    const { page } = person;
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in with Discord' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${web.url}/login?error=DISCORD_DENIED`);
    expect(await page.getByTestId('discord-refusal').textContent()).toContain('cancelled');
  });
});

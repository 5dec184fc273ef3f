import { pkcePair } from '@patt/service-kit';
import { BlizzardStandIn } from './blizzard-stand-in';
import { generateGuild } from './guild-generator';

describe("the Blizzard stand-in's Battle.net login", () => {
  const guild = generateGuild({ size: 10, seed: 3 });
  const [main, alt] = guild.members;
  let blizzard: BlizzardStandIn;
  const redirectUri = 'http://localhost:3000/api/v1/auth/oauth/battlenet/callback';

  beforeAll(async () => {
    blizzard = await BlizzardStandIn.start({
      clientId: 'client',
      clientSecret: 'secret',
      guild,
      ratePerSecond: 0,
      battlenetAccounts: [{ id: 777, battletag: 'Trog#1234', wowAccounts: [{ id: 1, characters: [main!] }, { id: 2, characters: [alt!] }] }],
    });
  });
  afterAll(async () => blizzard?.close());

  function authorize(extra: Record<string, string> = {}, pkce = pkcePair()): URL {
    const url = new URL(blizzard.authorizeUrl);
    const params = { response_type: 'code', client_id: 'client', redirect_uri: redirectUri, scope: 'wow.profile', state: 'the-state', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url;
  }

  async function codeFor(pkce = pkcePair()): Promise<{ code: string; state: string }> {
    const page = await (await fetch(authorize({}, pkce))).text();
    const href = /href="([^"]+)">Log in as Trog#1234/.exec(page)![1]!.replace(/&amp;/g, '&');
    const approved = await fetch(new URL(href, blizzard.url), { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
  }

  const token = (form: Record<string, string>, auth = 'client:secret') =>
    fetch(blizzard.oauthUrl, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('shows a login page with each account, and refuses a request without PKCE or of another client', async () => {
    const page = await fetch(authorize());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Log in as Trog#1234');
    expect((await fetch(authorize({ code_challenge_method: 'plain' }))).status).toBe(400);
    expect((await fetch(authorize({ client_id: 'someone' }))).status).toBe(400);
    expect((await fetch(authorize({ scope: 'openid' }))).status).toBe(400);
  });

  it('trades a code and its PKCE verifier for a user token, once, and reads the account with it as Blizzard answers', async () => {
    const pkce = pkcePair();
    const { code, state } = await codeFor(pkce);
    expect(state).toBe('the-state');
    const answer = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier });
    expect(answer.status).toBe(200);
    const { access_token: userToken } = (await answer.json()) as { access_token: string };
    // The same code again is refused.
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier })).status).toBe(400);

    const info = await fetch(`${blizzard.url}/oauth/userinfo`, { headers: { Authorization: `Bearer ${userToken}` } });
    expect(await info.json()).toEqual({ sub: '777', id: 777, battletag: 'Trog#1234' });
    const profile = await fetch(`${blizzard.url}/profile/user/wow?namespace=profile-us&locale=en_US`, { headers: { Authorization: `Bearer ${userToken}` } });
    const body = (await profile.json()) as { id: number; wow_accounts: Array<{ id: number; characters: Array<{ id: number; name: string; realm: { slug: string } }> }> };
    expect(body.id).toBe(777);
    expect(body.wow_accounts.map((w) => [w.id, w.characters.map((c) => [c.id, c.name, c.realm.slug])])).toEqual([
      [1, [[main!.id, main!.name, main!.realm.slug]]],
      [2, [[alt!.id, alt!.name, alt!.realm.slug]]],
    ]);
    expect((await fetch(`${blizzard.url}/profile/user/wow?namespace=profile-us`)).status).toBe(401);
  });

  it('refuses a code with the wrong verifier, another redirect address, or bad client credentials', async () => {
    const pkce = pkcePair();
    const wrongVerifier = await codeFor(pkce);
    expect((await token({ grant_type: 'authorization_code', code: wrongVerifier.code, redirect_uri: redirectUri, code_verifier: pkcePair().verifier })).status).toBe(400);
    const wrongRedirect = await codeFor(pkce);
    expect((await token({ grant_type: 'authorization_code', code: wrongRedirect.code, redirect_uri: 'http://elsewhere/cb', code_verifier: pkce.verifier })).status).toBe(400);
    const badClient = await codeFor(pkce);
    expect((await token({ grant_type: 'authorization_code', code: badClient.code, redirect_uri: redirectUri, code_verifier: pkce.verifier }, 'client:wrong')).status).toBe(401);
  });

  it('sends the browser back with access_denied when the member cancels', async () => {
    const page = await (await fetch(authorize())).text();
    const href = /href="([^"]+)">Cancel/.exec(page)![1]!.replace(/&amp;/g, '&');
    const back = new URL((await fetch(new URL(href, blizzard.url), { redirect: 'manual' })).headers.get('location')!);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', state: 'the-state' });
    expect(back.searchParams.has('code')).toBe(false);
  });
});

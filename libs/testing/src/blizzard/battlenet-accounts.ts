// The stand-in's Battle.net side: accounts that own WoW accounts with characters, the login page a
// browser clicks through, authorization codes bound to a PKCE challenge, and user tokens, with the
// JSON of Blizzard's /oauth/userinfo and /profile/user/wow.
import { randomBytes } from 'node:crypto';
import { pkceMatches } from '@patt/service-kit';
import type { Json, JsonContext } from './blizzard-json';
import type { StandInCharacter } from './stand-in.types';

/** A Battle.net account: its id, BattleTag, and the WoW accounts (licences) it holds. */
export interface BattlenetStandInAccount {
  id: number;
  battletag: string;
  wowAccounts: Array<{ id: number; characters: StandInCharacter[] }>;
}

interface IssuedCode {
  accountId: number;
  clientId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

/** What the authorize page was asked for; null fields are missing. */
export interface AuthorizeRequest {
  responseType: string | null;
  clientId: string | null;
  redirectUri: string | null;
  scope: string | null;
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

const CODE_TTL_MS = 5 * 60_000;

export class BattlenetAccounts {
  private readonly accounts = new Map<number, BattlenetStandInAccount>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, { accountId: number; expiresAt: number }>();
  /** Token exchanges by outcome, for tests. */
  readonly exchanges = { issued: 0, refused: 0 };

  constructor(accounts: readonly BattlenetStandInAccount[]) {
    for (const account of accounts) this.add(account);
  }

  add(account: BattlenetStandInAccount): void {
    this.accounts.set(account.id, account);
  }

  list(): BattlenetStandInAccount[] {
    return [...this.accounts.values()];
  }

  get(id: number): BattlenetStandInAccount | undefined {
    return this.accounts.get(id);
  }

  /** Why the authorize request is not one Blizzard would serve; null when it is. */
  problemOf(request: AuthorizeRequest, clientId: string): string | null {
    if (request.clientId !== clientId) return 'invalid_client: unknown client_id';
    if (request.responseType !== 'code') return 'unsupported_response_type: response_type must be code';
    if (!request.redirectUri || !/^https?:\/\//.test(request.redirectUri)) return 'invalid_request: redirect_uri is missing';
    if (!request.state) return 'invalid_request: state is missing';
    if (!(request.scope ?? '').split(/\s+/).includes('wow.profile')) return 'invalid_scope: wow.profile is required';
    if (request.codeChallengeMethod !== 'S256' || !request.codeChallenge) return 'invalid_request: PKCE with S256 is required';
    return null;
  }

  /** The member chose an account: a code for the client, bound to its redirect address and challenge. */
  issueCode(accountId: number, request: AuthorizeRequest): string {
    const code = randomBytes(16).toString('hex').toUpperCase();
    this.codes.set(code, {
      accountId,
      clientId: request.clientId as string,
      redirectUri: request.redirectUri as string,
      challenge: request.codeChallenge as string,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    return code;
  }

  /** The code's token, once; an OAuth error name otherwise. */
  exchange(form: URLSearchParams, clientId: string, ttlSeconds: number): { token: string; accountId: number } | { error: string } {
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    if (!issued || issued.expiresAt <= Date.now() || issued.clientId !== clientId || issued.redirectUri !== form.get('redirect_uri') || !pkceMatches(verifier, issued.challenge)) {
      this.exchanges.refused++;
      return { error: 'invalid_grant' };
    }
    const token = `US${randomBytes(17).toString('hex')}`;
    this.tokens.set(token, { accountId: issued.accountId, expiresAt: Date.now() + ttlSeconds * 1000 });
    this.exchanges.issued++;
    return { token, accountId: issued.accountId };
  }

  /** The account a user token speaks for; undefined when the token is not a live user token. */
  accountOfToken(authorization: string | undefined): BattlenetStandInAccount | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const held = match ? this.tokens.get(match[1]) : undefined;
    if (!held || held.expiresAt <= Date.now()) return undefined;
    return this.accounts.get(held.accountId);
  }

  /** Whether any user token is still held (tests: the platform keeps none, the stand-in forgets them). */
  liveTokens(): number {
    return this.tokens.size;
  }
}

/** GET /oauth/userinfo */
export function userInfoJson(account: BattlenetStandInAccount): Json {
  return { sub: String(account.id), id: account.id, battletag: account.battletag };
}

/** GET /profile/user/wow: the account's WoW accounts with their characters' summaries. */
export function accountProfileJson(ctx: JsonContext, account: BattlenetStandInAccount): Json {
  const link = (path: string, namespace: string): Json => ({ href: `${ctx.baseUrl}${path}?namespace=${namespace}-${ctx.region}` });
  const text = (value: string): Json => value;
  return {
    _links: { self: link('/profile/user/wow', 'profile'), user: { href: `${ctx.baseUrl}/oauth/userinfo` }, profile: link('/profile/user/wow', 'profile') },
    id: account.id,
    wow_accounts: account.wowAccounts.map((wow) => ({
      id: wow.id,
      characters: wow.characters.map((c) => ({
        character: link(`/profile/wow/character/${c.realm.slug}/${encodeURIComponent(c.name.toLowerCase())}`, 'profile'),
        protected_character: link(`/profile/user/wow/protected-character/${c.realm.id}-${c.id}`, 'profile'),
        name: c.name,
        id: c.id,
        realm: { key: link(`/data/wow/realm/${c.realm.id}`, 'dynamic'), name: text(c.realm.name), id: c.realm.id, slug: c.realm.slug },
        playable_class: { key: link(`/data/wow/playable-class/${c.classId}`, 'static'), id: c.classId },
        playable_race: { key: link(`/data/wow/playable-race/${c.raceId}`, 'static'), id: c.raceId },
        gender: { type: c.gender, name: c.gender === 'MALE' ? 'Male' : 'Female' },
        faction: { type: c.faction, name: c.faction === 'HORDE' ? 'Horde' : 'Alliance' },
        level: c.level,
      })),
    })),
    collections: link('/profile/user/wow/collections', 'profile'),
  };
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/** The login page: one button per account ("Log in as Trog#1234"), and one to refuse. */
export function authorizePage(accounts: readonly BattlenetStandInAccount[], query: string, approvePath: string): string {
  const buttons = accounts
    .map(
      (a) =>
        `<li><a class="account" data-account="${a.id}" href="${escapeHtml(`${approvePath}?${query}&account=${a.id}`)}">Log in as ${escapeHtml(a.battletag)}</a> (${a.wowAccounts.reduce((n, w) => n + w.characters.length, 0)} characters)</li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Battle.net Login (stand-in)</title></head>
<body>
<h1>Battle.net (stand-in)</h1>
<p>An application asks to read your World of Warcraft characters (wow.profile). Choose the account to log in with:</p>
<ul>
${buttons}
</ul>
<p><a class="deny" href="${escapeHtml(`${approvePath}?${query}&deny=1`)}">Cancel</a></p>
</body></html>`;
}

import { Injectable, Logger } from '@nestjs/common';
import {
  BATTLENET_MAX_CHARACTERS,
  BattlenetLinkError,
  BattlenetLinkFinished,
  BattlenetLinkFinishRequest,
  BattlenetLinkStarted,
  BattlenetLinkStartRequest,
  ErrorCode,
} from '@patt/contracts';
import {
  currentActor,
  judgeOAuthState,
  oauthAuthorizeUrl,
  OAUTH_STATE_LIFETIME_MS,
  oauthHash,
  oauthRandom,
  pkcePair,
  ServiceException,
  type OAuthStateVerdict,
} from '@patt/service-kit';
import { GuildSyncConfig } from '../app/guild-sync.config';
import { BattlenetFlowsRepository } from './battlenet-flows.repository';
import { parseAccountProfile, parseUserInfo } from './battlenet-profile';

const SCOPE = 'wow.profile';
const TIMEOUT_MS = 10_000;

const REFUSAL: Record<Exclude<OAuthStateVerdict, 'ok'>, BattlenetLinkError> = {
  unknown: 'STATE_UNKNOWN',
  used: 'STATE_USED',
  expired: 'STATE_EXPIRED',
  other_browser: 'OTHER_BROWSER',
};

/** A step with Blizzard that did not give what it should; says which, never with the token. */
class BlizzardStepFailed extends Error {
  constructor(
    readonly code: BattlenetLinkError,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Link Battle.net: the OAuth2 authorization code flow with PKCE and `state` against Blizzard, for
 * the member the gateway authenticated. guild-sync runs it because it holds the Blizzard client
 * credentials (BLIZZARD_CLIENT_ID and _SECRET reach no other service) and already speaks the
 * Blizzard API; what the characters mean is identity's to decide. The member's token is asked
 * for, used for two reads (`/oauth/userinfo`, `/profile/user/wow`) and dropped: it is never
 * stored, logged, or returned.
 */
@Injectable()
export class BattlenetLinkService {
  private readonly logger = new Logger(BattlenetLinkService.name);

  constructor(
    private readonly config: GuildSyncConfig,
    private readonly flows: BattlenetFlowsRepository,
  ) {}

  async start(request: BattlenetLinkStartRequest): Promise<BattlenetLinkStarted> {
    const actor = currentActor();
    if (!actor.personId) {
      throw new ServiceException(ErrorCode.Conflict, 'Your account belongs to no member of the guild, so there is no one to link Battle.net characters to.');
    }
    const clientId = this.config.BLIZZARD_CLIENT_ID;
    if (!clientId || !this.config.BLIZZARD_CLIENT_SECRET) {
      throw new ServiceException(ErrorCode.ServiceUnavailable, 'Battle.net linking is not configured on the platform (BLIZZARD_CLIENT_ID and BLIZZARD_CLIENT_SECRET).');
    }
    const now = new Date();
    await this.flows.forgetOld(now);
    const state = oauthRandom();
    const pkce = pkcePair();
    await this.flows.insert({
      stateHash: oauthHash(state),
      browserHash: request.browserHash,
      codeVerifier: pkce.verifier,
      redirectUri: request.redirectUri,
      personId: actor.personId,
      userId: actor.userId,
      expiresAt: new Date(now.getTime() + OAUTH_STATE_LIFETIME_MS),
    });
    const authorizeUrl = oauthAuthorizeUrl(this.config.BLIZZARD_AUTHORIZE_URL, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: request.redirectUri,
      scope: SCOPE,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
    });
    this.logger.log({ personId: actor.personId }, 'battlenet link started');
    return { authorizeUrl };
  }

  async finish(request: BattlenetLinkFinishRequest): Promise<BattlenetLinkFinished> {
    const now = new Date();
    const flow = await this.flows.spend(oauthHash(request.state), now);
    const verdict = judgeOAuthState(flow, request.browserSecret, now);
    if (verdict !== 'ok' || !flow) return this.refused(verdict === 'ok' ? 'STATE_UNKNOWN' : REFUSAL[verdict], flow?.personId ?? null);
    if (request.error) return this.refused(request.error === 'access_denied' ? 'ACCESS_DENIED' : 'PROVIDER_ERROR', flow.personId, request.error);
    if (!request.code || !flow.codeVerifier) return this.refused('PROVIDER_ERROR', flow.personId, 'no code');
    try {
      const token = await this.exchange(request.code, flow.codeVerifier, flow.redirectUri);
      const user = await this.read(`${this.oauthBase()}/userinfo`, token, 'userinfo');
      const account = parseUserInfo(user);
      if (!account) throw new BlizzardStepFailed('PROFILE_FAILED', 'userinfo without an account id');
      const profile = parseAccountProfile(
        await this.read(this.profileUrl(), token, 'profile'),
        BATTLENET_MAX_CHARACTERS,
      );
      if (!profile) throw new BlizzardStepFailed('PROFILE_FAILED', 'profile/user/wow not as documented');
      this.logger.log({ personId: flow.personId, battlenetAccountId: account.id, characters: profile.characters.length }, 'battlenet account read');
      return { status: 'read', personId: flow.personId, userId: flow.userId, account, characters: profile.characters };
    } catch (error) {
      if (error instanceof BlizzardStepFailed) return this.refused(error.code, flow.personId, error.detail);
      return this.refused('PROFILE_FAILED', flow.personId, error instanceof Error ? error.name : 'unknown failure');
    }
  }

  private refused(code: BattlenetLinkError, personId: string | null, detail?: string): BattlenetLinkFinished {
    this.logger.warn({ personId, code, detail }, 'battlenet link refused');
    return { status: 'refused', code };
  }

  /** The authorization code and the PKCE verifier for the member's token (client credentials by HTTP Basic). */
  private async exchange(code: string, codeVerifier: string, redirectUri: string): Promise<string> {
    const basic = Buffer.from(`${this.config.BLIZZARD_CLIENT_ID ?? ''}:${this.config.BLIZZARD_CLIENT_SECRET ?? ''}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(this.config.BLIZZARD_OAUTH_URL, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new BlizzardStepFailed('EXCHANGE_FAILED', `token request failed (${error instanceof Error ? error.name : 'unknown'})`);
    }
    const body = (await response.json().catch(() => null)) as { access_token?: unknown; error?: unknown } | null;
    if (!response.ok || typeof body?.access_token !== 'string') {
      throw new BlizzardStepFailed('EXCHANGE_FAILED', `token request answered ${response.status}${typeof body?.error === 'string' ? ` ${body.error}` : ''}`);
    }
    return body.access_token;
  }

  private async read(url: string, token: string, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new BlizzardStepFailed('PROFILE_FAILED', `${what} request failed (${error instanceof Error ? error.name : 'unknown'})`);
    }
    if (!response.ok) throw new BlizzardStepFailed('PROFILE_FAILED', `${what} answered ${response.status}`);
    return response.json().catch(() => {
      throw new BlizzardStepFailed('PROFILE_FAILED', `${what} is not JSON`);
    });
  }

  /** Blizzard's OAuth host: the token URL without its last segment (`https://oauth.battle.net`). */
  private oauthBase(): string {
    return this.config.BLIZZARD_OAUTH_URL.replace(/\/[^/]*$/, '');
  }

  private profileUrl(): string {
    const url = new URL(`${this.config.BLIZZARD_API_URL.replace(/\/+$/, '')}/profile/user/wow`);
    url.searchParams.set('namespace', `profile-${this.config.BLIZZARD_REGION}`);
    url.searchParams.set('locale', this.config.BLIZZARD_LOCALE);
    return url.toString();
  }
}

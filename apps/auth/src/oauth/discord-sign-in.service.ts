import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DISCORD_SIGN_IN_REFUSALS,
  DiscordSignInFinishRequest,
  DiscordSignInOutcome,
  DiscordSignInRefusal,
  DiscordSignInStartRequest,
  ErrorCode,
  Events,
  OAuthStart,
} from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { judgeOAuthState, oauthAuthorizeUrl, oauthRandom, pkcePair, ServiceException } from '@patt/service-kit';
import { EntityManager } from 'typeorm';
import { AuthConfig } from '../app/auth.config';
import { AccountLifecycle, disabledSentence } from '../accounts/account-lifecycle.service';
import { UserRecord, UsersRepository } from '../accounts/users.repository';
import { MemberProjectionRepository, MemberRecord } from '../members/member-projection.repository';
import { ThrottleService } from '../throttling/throttle.service';
import { TokensService } from '../tokens/tokens.service';
import { DiscordIdentity, DiscordOAuthClient, DiscordOAuthFailure } from './discord-oauth.client';
import { OAuthStatesRepository } from './oauth-states.repository';

export const DISCORD_PROVIDER = 'discord';
/** The one scope asked for: who the Discord user is, nothing more. */
export const DISCORD_SCOPE = 'identify';

const refused = (code: DiscordSignInRefusal, message: string = DISCORD_SIGN_IN_REFUSALS[code]): DiscordSignInOutcome => ({ refused: code, message });

/**
 * Signing in with Discord (OAuth2 authorization code, PKCE S256, `state`, scope `identify`):
 *
 * - start: a state and a PKCE verifier are made and kept (oauth_states: hashes of the state and of
 *   the browser's binding cookie, the verifier, the redirect URI), 10 minutes; the answer is
 *   Discord's authorize address with the challenge;
 * - finish: the state is spent (once, whatever follows), judged (known, unused, in time, this
 *   browser), then the code is exchanged with the verifier and the client secret, /users/@me read,
 *   and the member whose Discord account it is (auth's projection of identity's links) signed in:
 *   their account made the first time (no password), opened after that. A Discord user no member
 *   has is refused, and so is a disabled account (the sentence of a password login).
 *
 * Every refusal is an answer (`{refused, message}`) the gateway turns into /login?error=<code>.
 */
@Injectable()
export class DiscordSignIn implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DiscordSignIn.name);
  private purge: NodeJS.Timeout | null = null;

  constructor(
    @Inject(AuthConfig) private readonly config: AuthConfig,
    private readonly states: OAuthStatesRepository,
    private readonly discord: DiscordOAuthClient,
    private readonly members: MemberProjectionRepository,
    private readonly users: UsersRepository,
    private readonly lifecycle: AccountLifecycle,
    private readonly tokens: TokensService,
    private readonly throttle: ThrottleService,
    private readonly events: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.purge = setInterval(() => void this.states.purge().catch(() => undefined), 15 * 60_000);
    this.purge.unref();
  }

  onModuleDestroy(): void {
    if (this.purge) clearInterval(this.purge);
  }

  async start({ browserSecret, redirectUri, clientIp }: DiscordSignInStartRequest): Promise<OAuthStart> {
    const client = this.config.discordSignIn;
    if (!client) {
      throw new ServiceException(ErrorCode.ServiceUnavailable, 'Signing in with Discord is not set up on this platform; sign in with your password.');
    }
    await this.throttle.beforeOAuthStart(clientIp);
    const state = oauthRandom();
    const pkce = pkcePair();
    await this.states.save({
      state,
      provider: DISCORD_PROVIDER,
      browserSecret,
      codeVerifier: pkce.verifier,
      redirectUri,
    });
    return {
      authorizeUrl: oauthAuthorizeUrl(this.config.DISCORD_OAUTH_URL, {
        response_type: 'code',
        client_id: client.clientId,
        scope: DISCORD_SCOPE,
        state,
        redirect_uri: redirectUri,
        code_challenge: pkce.challenge,
        code_challenge_method: pkce.method,
      }),
    };
  }

  async finish({ state, code, error, browserSecret }: DiscordSignInFinishRequest): Promise<DiscordSignInOutcome> {
    if (!this.config.discordSignIn) return refused('UNAVAILABLE');
    const stored = await this.states.spend(state, DISCORD_PROVIDER);
    const verdict = judgeOAuthState(stored, browserSecret);
    if (verdict !== 'ok' || !stored) {
      this.logger.warn({ verdict }, 'a Discord sign-in came back with a state refused');
      return refused(verdict === 'expired' ? 'OAUTH_STATE_EXPIRED' : 'OAUTH_STATE_INVALID');
    }
    if (error !== undefined) {
      this.logger.log({ providerError: error }, 'Discord sent a sign-in back refused');
      return refused('DISCORD_DENIED');
    }
    if (code === undefined) return refused('DISCORD_FAILED');
    let who: DiscordIdentity;
    try {
      who = await this.discord.identify(code, stored.codeVerifier, stored.redirectUri);
    } catch (failure) {
      if (failure instanceof DiscordOAuthFailure) return refused('DISCORD_FAILED');
      throw failure;
    }
    const member = await this.members.byDiscordUser(who.id);
    if (!member) {
      this.logger.log({ discordUserId: who.id }, 'a Discord user no member has tried to sign in');
      return refused('NOT_A_MEMBER');
    }
    // Two first sign-ins of one member at once: one makes the account, the other (its insert
    // refused) opens it on a second try.
    const outcome = await this.signIn(member, who).catch((failure: unknown) => {
      if ((failure as { code?: string }).code === '23505') return this.signIn(member, who);
      throw failure;
    });
    if ('refused' in outcome) return outcome;
    await this.users.touchLogin(outcome.session.user.id);
    return outcome;
  }

  private signIn(member: MemberRecord, who: DiscordIdentity): Promise<DiscordSignInOutcome> {
    return this.users.transaction(async (manager) => {
      const existing = await this.users.byPerson(member.personId, manager);
      const user = existing ?? (await this.makeAccount(manager, member, who));
      const current = await this.lifecycle.current(manager, user);
      if (current.disabledAt) {
        this.logger.log({ userId: current.id, personId: member.personId }, 'a disabled account tried to sign in with Discord');
        return refused('ACCOUNT_DISABLED', disabledSentence(current));
      }
      this.logger.log({ userId: current.id, personId: member.personId, made: !existing }, 'signed in with Discord');
      return { session: await this.tokens.issue(manager, current) };
    });
  }

  /**
   * The member's account, made by this first sign-in: no password (none matches until one is
   * set), named after the member's Discord username, or, when another account holds that name,
   * the name with the last four digits of their Discord id.
   */
  private async makeAccount(manager: EntityManager, member: MemberRecord, who: DiscordIdentity): Promise<UserRecord> {
    const wanted = member.discordUsername ?? who.username;
    const username = (await this.users.byUsername(wanted, manager)) ? `${wanted}_${who.id.slice(-4)}` : wanted;
    const id = randomUUID();
    await this.users.insert(manager, {
      id,
      username,
      displayName: who.globalName ?? wanted,
      passwordHash: null,
      personId: member.personId,
      rankOverride: null,
      createdByProvider: DISCORD_PROVIDER,
    });
    await this.events.emit(manager, Events.UserRegistered, {
      userId: id,
      personId: member.personId,
      username,
    });
    const user = await this.users.byId(id, manager);
    if (!user) throw new Error('the account just made is missing');
    return user;
  }
}

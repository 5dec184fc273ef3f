import '@fastify/cookie';
import { Body, Controller, Get, HttpCode, Logger, Post, Query, Req, Res, SetMetadata } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BattlenetLinkError, BattlenetLinkStarted, ErrorCode, NoBody, OAuthCallbackQuery, Requests } from '@patt/contracts';
import { EmptyBodyPipe, oauthHash, oauthRandom, ServiceClient, ServiceException } from '@patt/service-kit';
import { AnyMember, Public } from '../access/access.decorator';
import { GatewayConfig } from '../app/gateway.config';
import { RAW_RESPONSE } from '../http/envelope.interceptor';
import { CarriesSecrets } from '../http/security-headers';

/**
 * The browser's half of a Battle.net link: httpOnly, 10 minutes, sent only to this flow's routes,
 * SameSite=Lax so that Blizzard's redirect back (a top-level navigation from its site) carries it.
 */
export const BATTLENET_BINDING_COOKIE = 'patt_oauth_battlenet';
export const BATTLENET_LINK_PATH = '/api/v1/auth/oauth/battlenet';
const BINDING_MAX_AGE_SECONDS = 10 * 60;

/**
 * Link Battle.net (docs/api.md, "Signing in with Discord, linking Battle.net"). A signed-in member
 * starts it; the gateway binds the flow to their browser (a random secret in a cookie, whose hash
 * guild-sync keeps beside the state) and relays. The callback carries no token: the state says
 * whose flow it was. guild-sync runs the exchange with Blizzard (it holds the Blizzard client
 * credentials) and answers the account's characters; identity decides what they mean. The browser
 * goes back to the profile: `/me?battlenet=linked`, or `/me?battlenet=<CODE>`.
 */
@ApiTags('auth')
@Controller('auth/oauth/battlenet')
export class BattlenetLinkController {
  private readonly logger = new Logger(BattlenetLinkController.name);

  constructor(
    private readonly services: ServiceClient,
    private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @AnyMember()
  @ApiOkResponse({ description: '{authorizeUrl}: Blizzard’s login page for this member (scope wow.profile); the state and PKCE verifier stay with the platform for 10 minutes' })
  async start(@Body(EmptyBodyPipe) _body: NoBody, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<BattlenetLinkStarted> {
    const browserSecret = oauthRandom();
    const started = await this.services.send(Requests.BattlenetLinkStart, { browserHash: oauthHash(browserSecret), redirectUri: this.redirectUri(request) });
    void reply.setCookie(BATTLENET_BINDING_COOKIE, browserSecret, { ...this.bindingAttributes(request), maxAge: BINDING_MAX_AGE_SECONDS });
    return started;
  }

  @Get('callback')
  @CarriesSecrets()
  @Public()
  @SetMetadata(RAW_RESPONSE, true)
  @ApiFoundResponse({ description: 'To /me?battlenet=linked, or /me?battlenet=<CODE> (STATE_UNKNOWN, STATE_USED, STATE_EXPIRED, OTHER_BROWSER, ACCESS_DENIED, PROVIDER_ERROR, EXCHANGE_FAILED, PROFILE_FAILED, NOT_A_MEMBER, ACCOUNT_TAKEN, UNAVAILABLE)' })
  async callback(@Query() query: OAuthCallbackQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const browserSecret = request.cookies[BATTLENET_BINDING_COOKIE] || undefined;
    // One flow, one callback: the binding goes whatever the outcome.
    void reply.clearCookie(BATTLENET_BINDING_COOKIE, this.bindingAttributes(request));
    const outcome = await this.finish(query, browserSecret, request);
    await reply.redirect(`/me?battlenet=${encodeURIComponent(outcome)}`, 302);
  }

  private async finish(query: OAuthCallbackQuery, browserSecret: string | undefined, request: FastifyRequest): Promise<'linked' | BattlenetLinkError> {
    try {
      const read = await this.services.send(Requests.BattlenetLinkFinish, {
        state: query.state,
        ...(query.code !== undefined ? { code: query.code } : {}),
        ...(query.error !== undefined ? { error: query.error } : {}),
        ...(browserSecret !== undefined ? { browserSecret } : {}),
        redirectUri: this.redirectUri(request),
      });
      if (read.status === 'refused') return read.code;
      await this.services.send(Requests.BattlenetClaim, { personId: read.personId, userId: read.userId, account: read.account, characters: read.characters });
      return 'linked';
    } catch (error) {
      if (error instanceof ServiceException && error.body.code === ErrorCode.Conflict) return 'ACCOUNT_TAKEN';
      if (error instanceof ServiceException && error.body.code === ErrorCode.NotFound) return 'NOT_A_MEMBER';
      this.logger.warn({ problem: (error as Error).message }, 'a Battle.net link could not be finished');
      return 'UNAVAILABLE';
    }
  }

  /** Where Blizzard sends the browser back: under PUBLIC_URL when set, else where this request came to. */
  private redirectUri(request: FastifyRequest): string {
    const origin = this.config.PUBLIC_URL ? this.config.PUBLIC_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
    return `${origin}${BATTLENET_LINK_PATH}/callback`;
  }

  private bindingAttributes(request: FastifyRequest) {
    const secure = request.protocol === 'https' || this.config.PUBLIC_URL?.startsWith('https:') === true;
    return { httpOnly: true, secure, sameSite: 'lax' as const, path: BATTLENET_LINK_PATH };
  }
}

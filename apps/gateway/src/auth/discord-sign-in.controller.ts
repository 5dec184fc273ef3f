import '@fastify/cookie';
import { Body, Controller, Get, HttpCode, Ip, Logger, Post, Query, Req, Res, SetMetadata } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DiscordSignInOutcome, NoBody, OAuthCallbackQuery, OAuthStart, Requests } from '@patt/contracts';
import { EmptyBodyPipe, oauthRandom, ServiceClient } from '@patt/service-kit';
import { Public } from '../access/access.decorator';
import { GatewayConfig } from '../app/gateway.config';
import { RAW_RESPONSE } from '../http/envelope.interceptor';
import { CarriesSecrets } from '../http/security-headers';
import { RefreshCookie } from './refresh-cookie';

/**
 * The browser's half of a sign-in flow, where its binding secret lives: httpOnly, 10 minutes, sent
 * only to the flow's own routes. SameSite=Lax, not Strict: Discord sends the browser back with a
 * top-level navigation from its own site, which a Strict cookie would not accompany.
 */
export const DISCORD_BINDING_COOKIE = 'patt_oauth_discord';
export const DISCORD_SIGN_IN_PATH = '/api/v1/auth/oauth/discord';
const BINDING_MAX_AGE_SECONDS = 10 * 60;

/**
 * Signing in with Discord (docs/api.md, "Signing in with Discord"). The gateway binds the flow to
 * the browser (a random secret in an httpOnly cookie, of which auth keeps the hash beside the
 * state) and relays; auth keeps the state and PKCE verifier, exchanges the code with Discord and
 * decides. The callback ends as a password login does (the refresh cookie and the session marker)
 * and sends the browser on to the web app: `/` signed in, or `/login?error=<CODE>`.
 */
@ApiTags('auth')
@Controller('auth/oauth/discord')
export class DiscordSignInController {
  private readonly logger = new Logger(DiscordSignInController.name);

  constructor(
    private readonly services: ServiceClient,
    private readonly cookie: RefreshCookie,
    private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ description: '{authorizeUrl}: where to send the browser; the state and PKCE verifier stay with the platform for 10 minutes' })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-ins started from this address' })
  async start(
    @Body(EmptyBodyPipe) _body: NoBody,
    @Ip() clientIp: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OAuthStart> {
    const browserSecret = oauthRandom();
    const started = await this.services.send(Requests.DiscordSignInStart, { browserSecret, redirectUri: this.redirectUri(request), clientIp });
    void reply.setCookie(DISCORD_BINDING_COOKIE, browserSecret, { ...this.bindingAttributes(request), maxAge: BINDING_MAX_AGE_SECONDS });
    return started;
  }

  @Get('callback')
  @CarriesSecrets()
  @Public()
  @SetMetadata(RAW_RESPONSE, true)
  @ApiFoundResponse({ description: 'To / signed in (the refresh cookie set), or to /login?error=<CODE>' })
  async callback(@Query() query: OAuthCallbackQuery, @Ip() clientIp: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const browserSecret = request.cookies[DISCORD_BINDING_COOKIE] || undefined;
    // One flow, one callback: the binding goes whatever the outcome.
    void reply.clearCookie(DISCORD_BINDING_COOKIE, this.bindingAttributes(request));
    let outcome: DiscordSignInOutcome;
    try {
      outcome = await this.services.send(Requests.DiscordSignInFinish, {
        state: query.state,
        ...(query.code !== undefined ? { code: query.code } : {}),
        ...(query.error !== undefined ? { error: query.error } : {}),
        ...(browserSecret !== undefined ? { browserSecret } : {}),
        clientIp,
      });
    } catch (error) {
      this.logger.warn({ problem: (error as Error).message }, 'a Discord sign-in could not be finished');
      outcome = { refused: 'UNAVAILABLE', message: '' };
    }
    if ('session' in outcome) {
      this.cookie.keep(request, reply, outcome.session);
      await reply.redirect('/', 302);
      return;
    }
    await reply.redirect(`/login?error=${encodeURIComponent(outcome.refused)}`, 302);
  }

  /** Where Discord sends the browser back: under PUBLIC_URL when set, else where this request came to. */
  private redirectUri(request: FastifyRequest): string {
    const origin = this.config.PUBLIC_URL ? this.config.PUBLIC_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
    return `${origin}${DISCORD_SIGN_IN_PATH}/callback`;
  }

  private bindingAttributes(request: FastifyRequest) {
    const secure = request.protocol === 'https' || this.config.PUBLIC_URL?.startsWith('https:') === true;
    return { httpOnly: true, secure, sameSite: 'lax' as const, path: DISCORD_SIGN_IN_PATH };
  }
}

import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiKeySummary,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreatedApiKey,
  IdParam,
  LoginBody,
  Page,
  ErrorCode,
  PageQueryDto,
  RegisterBody,
  Requests,
  ResetPasswordBody,
  Session,
  User,
} from '@patt/contracts';
import { currentActor, ServiceClient, ServiceException } from '@patt/service-kit';
import { AnyMember, OfficerOnly, Public } from '../access/access.decorator';
import { MeCache } from '../caches/me-cache';
import { EnvelopedResponse, USER_SCHEMA } from '../http/envelope-schemas';
import { CarriesSecrets } from '../http/security-headers';
import { RefreshTokenBody } from './dto/refresh-token-body.dto';
import { isRejectedToken, RefreshCookie, refreshTokenOf } from './refresh-cookie';

/** Logout with neither a body token nor a cookie: the 400 the contract's body check gave. */
function noRefreshToken(what: string): ServiceException {
  return new ServiceException(
    ErrorCode.ValidationFailed,
    `${what}: send {"refreshToken": "…"}; from a browser, the refresh cookie is missing or has expired.`,
    [{ field: 'refreshToken', problems: ['refreshToken is required unless the refresh cookie is sent'] }],
  );
}

/**
 * Sessions answer in JSON (both tokens, for API clients) and also keep the refresh token in an
 * httpOnly cookie for the web app (refresh-cookie.ts); refresh and logout take the body's token,
 * or else the cookie's.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly services: ServiceClient,
    private readonly cookie: RefreshCookie,
    private readonly meCache: MeCache,
  ) {}

  @Post('register')
  @CarriesSecrets()
  @Public()
  @ApiCreatedResponse({ description: '{user, accessToken, refreshToken, expiresIn}' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this name' })
  async register(
    @Body() body: RegisterBody,
    @Ip() clientIp: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session> {
    return this.cookie.keep(request, reply, await this.services.send(Requests.Register, { ...body, clientIp }));
  }

  @Post('reset-password')
  @CarriesSecrets()
  @HttpCode(200)
  @Public()
  @ApiOkResponse({
    description:
      'Sets a new password with the token of a password-reset link (the Discord bot’s /reset-password DMs one); data null. ' +
      'The link works once, for 30 minutes, and every sign-in of the account ends.',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address' })
  async resetPassword(@Body() body: ResetPasswordBody, @Ip() clientIp: string): Promise<null> {
    return this.services.send(Requests.PasswordResetsRedeem, { token: body.token, password: body.password, clientIp });
  }

  @Post('login')
  @CarriesSecrets()
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ description: '{user, accessToken, refreshToken, expiresIn}' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts' })
  async login(
    @Body() body: LoginBody,
    @Ip() clientIp: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session> {
    return this.cookie.keep(request, reply, await this.services.send(Requests.Login, { ...body, clientIp }));
  }

  @Post('refresh')
  @CarriesSecrets()
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ description: 'A new pair; the old refresh token is spent. A browser may send {} and let its refresh cookie speak.' })
  async refresh(
    @Body() body: RefreshTokenBody,
    @Ip() clientIp: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session> {
    const sent = refreshTokenOf(body, this.cookie.read(request));
    if (!sent) {
      // No credentials at all: a 401 like any other missing credential (docs/api.md), and a marker the
      // browser may still hold without its cookie goes too, so its next load stays quiet.
      this.cookie.clear(request, reply);
      throw new ServiceException(
        ErrorCode.Unauthenticated,
        'Sign in again: no refresh token was sent (send {"refreshToken": "…"}; from a browser, the refresh cookie is missing or has expired).',
      );
    }
    try {
      return this.cookie.keep(request, reply, await this.services.send(Requests.Refresh, { refreshToken: sent.token, clientIp }));
    } catch (error) {
      // A cookie auth refuses (spent, revoked, expired) is dead: drop it so the browser stops
      // sending it. Not on a 503 or 429: the token may still be good.
      if (sent.fromCookie && isRejectedToken(error)) this.cookie.clear(request, reply);
      throw error;
    }
  }

  /**
   * The caller's own password: the first one (`{password}`, an account made by signing in with
   * Discord) or a new one (`{currentPassword, password}`). A change ends the account's other
   * sign-ins; the browser's own (its refresh cookie) goes on. This replica forgets its cached `me`
   * at once; another one's runs out within its 30 seconds.
   */
  @Post('password')
  @CarriesSecrets()
  @HttpCode(200)
  @AnyMember()
  @ApiOkResponse({ description: 'The account, as /auth/me answers it (hasPassword true). A change ends every other sign-in of the account.' })
  @ApiBadRequestResponse({ description: 'A wrong current password, one missing (the account has a password) or one sent (it has none), or a bad new one' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts: the current password is guessed under the sign-in limits' })
  async changePassword(@Body() body: ChangePasswordBody, @Ip() clientIp: string, @Req() request: FastifyRequest): Promise<User> {
    const actor = currentActor();
    const keepRefreshToken = this.cookie.read(request);
    try {
      return await this.services.send(Requests.PasswordChange, {
        password: body.password,
        ...(body.currentPassword === undefined ? {} : { currentPassword: body.currentPassword }),
        ...(keepRefreshToken === undefined ? {} : { keepRefreshToken }),
        clientIp,
      });
    } finally {
      this.meCache.forgetUser(actor.userId);
    }
  }

  @Post('logout')
  @HttpCode(200)
  @AnyMember()
  async logout(
    @Body() body: RefreshTokenBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<null> {
    const sent = refreshTokenOf(body, this.cookie.read(request));
    // The browser forgets its copy whatever happens next: signing out must not depend on auth.
    this.cookie.clear(request, reply);
    if (!sent) throw noRefreshToken('Nothing to sign out of');
    return this.services.send(Requests.Logout, { refreshToken: sent.token });
  }

  /** Auth's answer, kept until an event says it changed (caches/me-cache.ts): no read of auth's database per call. */
  @Get('me')
  @AnyMember()
  @EnvelopedResponse(USER_SCHEMA)
  me(): Promise<User> {
    return this.meCache.of(currentActor(), () => this.services.send(Requests.Me, {}));
  }

  @Post('api-keys')
  @CarriesSecrets()
  @OfficerOnly()
  @ApiCreatedResponse({ description: '{id, name, key, createdAt}: the key is shown only here' })
  createApiKey(@Body() body: CreateApiKeyBody): Promise<CreatedApiKey> {
    return this.services.send(Requests.ApiKeysCreate, body);
  }

  @Get('api-keys')
  @OfficerOnly()
  listApiKeys(@Query() page: PageQueryDto): Promise<Page<ApiKeySummary>> {
    return this.services.send(Requests.ApiKeysList, { limit: page.limit, offset: page.offset });
  }

  @Delete('api-keys/:id')
  @OfficerOnly()
  revokeApiKey(@Param() { id }: IdParam): Promise<null> {
    return this.services.send(Requests.ApiKeysRevoke, { id });
  }
}

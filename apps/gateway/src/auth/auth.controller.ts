import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiKeySummary,
  CreateApiKeyBody,
  CreatedApiKey,
  IdParam,
  LoginBody,
  Page,
  ErrorCode,
  PageQueryDto,
  RegisterBody,
  Requests,
  Session,
  User,
} from '@patt/contracts';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { AnyMember, OfficerOnly, Public } from '../access/access.decorator';
import { RefreshTokenBody } from './dto/refresh-token-body.dto';
import { isRejectedToken, RefreshCookie, refreshTokenOf } from './refresh-cookie';

/** Neither the body nor a cookie names a refresh token: the 400 the contract's body check gave. */
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
  ) {}

  @Post('register')
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

  @Post('login')
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
    if (!sent) throw noRefreshToken('Sign in again');
    try {
      return this.cookie.keep(request, reply, await this.services.send(Requests.Refresh, { refreshToken: sent.token, clientIp }));
    } catch (error) {
      // A cookie auth refuses (spent, revoked, expired) is dead: drop it so the browser stops
      // sending it. Not on a 503 or 429: the token may still be good.
      if (sent.fromCookie && isRejectedToken(error)) this.cookie.clear(request, reply);
      throw error;
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

  @Get('me')
  @AnyMember()
  me(): Promise<User> {
    return this.services.send(Requests.Me, {});
  }

  @Post('api-keys')
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

import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import {
  ApiKeySummary,
  CreateApiKeyBody,
  CreatedApiKey,
  IdParam,
  LoginBody,
  Page,
  PageQueryDto,
  RefreshBody,
  RegisterBody,
  Requests,
  Session,
  User,
} from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { AnyMember, OfficerOnly, Public } from '../access/access.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly services: ServiceClient) {}

  @Post('register')
  @Public()
  @ApiCreatedResponse({ description: '{user, accessToken, refreshToken, expiresIn}' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this name' })
  register(@Body() body: RegisterBody, @Ip() clientIp: string): Promise<Session> {
    return this.services.send(Requests.Register, { ...body, clientIp });
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ description: '{user, accessToken, refreshToken, expiresIn}' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts' })
  login(@Body() body: LoginBody, @Ip() clientIp: string): Promise<Session> {
    return this.services.send(Requests.Login, { ...body, clientIp });
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ description: 'A new pair; the old refresh token is spent' })
  refresh(@Body() body: RefreshBody, @Ip() clientIp: string): Promise<Session> {
    return this.services.send(Requests.Refresh, { ...body, clientIp });
  }

  @Post('logout')
  @HttpCode(200)
  @AnyMember()
  logout(@Body() body: RefreshBody): Promise<null> {
    return this.services.send(Requests.Logout, body);
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

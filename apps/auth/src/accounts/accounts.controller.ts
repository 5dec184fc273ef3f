import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LoginRequestDto, RefreshBody, RefreshRequestDto, RegisterRequestDto, Requests, Session, User } from '@patt/contracts';
import { currentActor } from '@patt/service-kit';
import { TokensService } from '../tokens/tokens.service';
import { AccountsService } from './accounts.service';

@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokensService,
  ) {}

  @MessagePattern(Requests.Login)
  login(@Payload() { username, password, clientIp }: LoginRequestDto): Promise<Session> {
    return this.accounts.login(username, password, clientIp);
  }

  @MessagePattern(Requests.Register)
  register(@Payload() { inviteCode, username, password, clientIp }: RegisterRequestDto): Promise<Session> {
    return this.accounts.register(inviteCode, username, password, clientIp);
  }

  @MessagePattern(Requests.Refresh)
  refresh(@Payload() { refreshToken, clientIp }: RefreshRequestDto): Promise<Session> {
    return this.accounts.refresh(refreshToken, clientIp);
  }

  @MessagePattern(Requests.Logout)
  async logout(@Payload() { refreshToken }: RefreshBody): Promise<null> {
    await this.tokens.logout(refreshToken, currentActor().userId);
    return null;
  }

  @MessagePattern(Requests.Me)
  me(): Promise<User> {
    return this.accounts.me(currentActor().userId);
  }
}

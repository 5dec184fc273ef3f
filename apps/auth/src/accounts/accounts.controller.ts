import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ChangePasswordRequestDto,
  DisableAccountRequestDto,
  EnableAccountRequestDto,
  LoginRequestDto,
  MemberAccount,
  PasswordResetIssued,
  RefreshBody,
  RefreshRequestDto,
  RegisterRequestDto,
  Requests,
  ResetPasswordRequestDto,
  Session,
  User,
} from '@patt/contracts';
import { currentActor } from '@patt/service-kit';
import { TokensService } from '../tokens/tokens.service';
import { AccountLifecycle } from './account-lifecycle.service';
import { AccountsService } from './accounts.service';
import { OwnPasswordService } from './own-password.service';
import { PasswordResetsService } from './password-resets.service';

@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokensService,
    private readonly lifecycle: AccountLifecycle,
    private readonly resets: PasswordResetsService,
    private readonly ownPassword: OwnPasswordService,
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

  @MessagePattern(Requests.PasswordResetsCreate)
  createPasswordReset(): Promise<PasswordResetIssued> {
    return this.resets.create(currentActor());
  }

  @MessagePattern(Requests.PasswordResetsRedeem)
  redeemPasswordReset(@Payload() { token, password, clientIp }: ResetPasswordRequestDto): Promise<null> {
    return this.resets.redeem(token, password, clientIp);
  }

  /** The actor's own account, and no other: the id comes from the verified actor, never the body. */
  @MessagePattern(Requests.PasswordChange)
  changePassword(@Payload() request: ChangePasswordRequestDto): Promise<User> {
    return this.ownPassword.change(currentActor().userId, request);
  }

  @MessagePattern(Requests.AccountsDisable)
  disable(@Payload() { personId, reason }: DisableAccountRequestDto): Promise<MemberAccount> {
    return this.lifecycle.disableByOfficer(personId, reason, currentActor());
  }

  @MessagePattern(Requests.AccountsEnable)
  enable(@Payload() { personId }: EnableAccountRequestDto): Promise<MemberAccount> {
    return this.lifecycle.enableByOfficer(personId, currentActor());
  }
}

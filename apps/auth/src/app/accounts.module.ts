import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ACCESS_TOKEN } from '@patt/contracts';
import { AccountLifecycle } from '../accounts/account-lifecycle.service';
import { Sweeper } from './sweeper';
import { AccountsController } from '../accounts/accounts.controller';
import { AccountsService } from '../accounts/accounts.service';
import { OwnPasswordService } from '../accounts/own-password.service';
import { Passwords } from '../accounts/passwords';
import { PasswordResetsRepository } from '../accounts/password-resets.repository';
import { PasswordResetsService } from '../accounts/password-resets.service';
import { UsersRepository } from '../accounts/users.repository';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { CodeSeal } from '../invites/code-seal';
import { InviteDeliverySettledHandler } from '../invites/invite-delivery-settled.handler';
import { InvitesController } from '../invites/invites.controller';
import { InvitesRepository } from '../invites/invites.repository';
import { InvitesService } from '../invites/invites.service';
import { MemberProjectionRepository } from '../members/member-projection.repository';
import { MemberInGuildChangedHandler } from '../members/member-in-guild-changed.handler';
import { MemberMatchedHandler } from '../members/member-matched.handler';
import { MemberRankChangedHandler } from '../members/member-rank-changed.handler';
import { AttemptsRepository } from '../throttling/attempts.repository';
import { ThrottleWindowsRepository } from '../throttling/throttle-windows.repository';
import { ThrottleService } from '../throttling/throttle.service';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { Logins } from '../tokens/logins';
import { TokensService } from '../tokens/tokens.service';
import { DiscordOAuthClient } from '../oauth/discord-oauth.client';
import { DiscordSignInController } from '../oauth/discord-sign-in.controller';
import { DiscordSignIn } from '../oauth/discord-sign-in.service';
import { OAuthStatesRepository } from '../oauth/oauth-states.repository';
import { AuthConfig } from './auth.config';

/** Accounts, sessions (by password, or by signing in with Discord), invites and API keys. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AuthConfig],
      useFactory: (config: AuthConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: {
          algorithm: ACCESS_TOKEN.algorithm,
          issuer: ACCESS_TOKEN.issuer,
          audience: ACCESS_TOKEN.audience,
          expiresIn: ACCESS_TOKEN.lifetimeSeconds,
        },
      }),
    }),
  ],
  controllers: [AccountsController, ApiKeysController, InvitesController, DiscordSignInController],
  providers: [
    AccountsService,
    AccountLifecycle,
    Sweeper,
    Passwords,
    PasswordResetsService,
    OwnPasswordService,
    PasswordResetsRepository,
    UsersRepository,
    TokensService,
    Logins,
    RefreshTokensRepository,
    InvitesService,
    InvitesRepository,
    CodeSeal,
    InviteDeliverySettledHandler,
    ApiKeysService,
    ApiKeysRepository,
    MemberProjectionRepository,
    MemberMatchedHandler,
    MemberRankChangedHandler,
    MemberInGuildChangedHandler,
    ThrottleService,
    AttemptsRepository,
    ThrottleWindowsRepository,
    DiscordSignIn,
    DiscordOAuthClient,
    OAuthStatesRepository,
  ],
})
export class AccountsModule {}

import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ACCESS_TOKEN } from '@patt/contracts';
import { AccountsController } from '../accounts/accounts.controller';
import { AccountsService } from '../accounts/accounts.service';
import { Passwords } from '../accounts/passwords';
import { UsersRepository } from '../accounts/users.repository';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { InvitesController } from '../invites/invites.controller';
import { InvitesRepository } from '../invites/invites.repository';
import { InvitesService } from '../invites/invites.service';
import { MemberProjectionRepository } from '../members/member-projection.repository';
import { MembersProjectionHandler } from '../members/members-projection.handler';
import { AttemptsRepository } from '../throttling/attempts.repository';
import { ThrottleService } from '../throttling/throttle.service';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { TokensService } from '../tokens/tokens.service';
import { AuthConfig } from './auth.config';

/** Accounts, sessions, invites and API keys. */
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
  controllers: [AccountsController, ApiKeysController, InvitesController],
  providers: [
    AccountsService,
    Passwords,
    UsersRepository,
    TokensService,
    RefreshTokensRepository,
    InvitesService,
    InvitesRepository,
    ApiKeysService,
    ApiKeysRepository,
    MemberProjectionRepository,
    MembersProjectionHandler,
    ThrottleService,
    AttemptsRepository,
  ],
})
export class AccountsModule {}

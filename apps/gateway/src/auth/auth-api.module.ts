import { BattlenetLinkController } from './battlenet-link.controller';
import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { DiscordSignInController } from './discord-sign-in.controller';
import { InvitesController } from './invites.controller';
import { MemberAccountsController } from './member-accounts.controller';
import { RefreshCookie } from './refresh-cookie';

/** The auth endpoints (docs/api.md, "Auth") (and member invites, which auth makes). */
@Module({
  controllers: [AuthController, DiscordSignInController, BattlenetLinkController, InvitesController, MemberAccountsController],
  providers: [RefreshCookie],
})
export class AuthApiModule {}

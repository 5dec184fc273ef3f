import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { InvitesController } from './invites.controller';
import { RefreshCookie } from './refresh-cookie';

/** The auth endpoints of API.md (and member invites, which auth makes). */
@Module({
  controllers: [AuthController, InvitesController],
  providers: [RefreshCookie],
})
export class AuthApiModule {}

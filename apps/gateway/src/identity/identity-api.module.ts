import { BattlenetController } from './battlenet.controller';
import { Module } from '@nestjs/common';
import { CharactersController } from './characters.controller';
import { IdentityController } from './identity.controller';
import { ImportsController } from './imports.controller';
import { MembersController } from './members.controller';

/** The identity endpoints (docs/api.md, "Ranks, members, characters" and "Identity"): controllers that validate, send one request to the service, and map. */
@Module({
  controllers: [MembersController, CharactersController, IdentityController, ImportsController, BattlenetController],
})
export class IdentityApiModule {}

import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { RanksModule } from '../ranks/ranks.module';
import { CharactersController } from './characters.controller';
import { CharactersService } from './characters.service';

/** The guild's characters as the API lists them, each with its member. */
@Module({
  imports: [IdentityDataModule, RanksModule],
  controllers: [CharactersController],
  providers: [CharactersService],
})
export class CharactersModule {}

import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { LinksModule } from '../links/links.module';
import { SuggestionsController } from './suggestions.controller';
import { SuggestionsService } from './suggestions.service';

/** The suggestions matching leaves for officers: listed, confirmed into links, rejected for good. */
@Module({
  imports: [IdentityDataModule, LinksModule],
  controllers: [SuggestionsController],
  providers: [SuggestionsService],
})
export class SuggestionsModule {}

import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { MirrorModule } from '../mirror/mirror.module';
import { CommandInteractions } from './command-interactions';
import { CommandRegistration } from './command-registration';
import { CommandsService } from './commands.service';

/** The slash commands: registered as the guild's commands as the bot connects, answered from INTERACTION_CREATE. */
@Module({
  imports: [LinksModule, MirrorModule],
  providers: [CommandRegistration, CommandInteractions, CommandsService],
})
export class CommandsModule {}

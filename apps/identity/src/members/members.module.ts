import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { RanksModule } from '../ranks/ranks.module';
import { AccountDisabledHandler } from './account-disabled.handler';
import { AccountEnabledHandler } from './account-enabled.handler';
import { MemberEvents } from './member-events';
import { MemberUpkeep } from './member-upkeep.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { UserRegisteredHandler } from './user-registered.handler';

/**
 * Members as officers and members see and edit them, their accounts as auth announces them, and
 * the announcements about members (MemberEvents) with the upkeep every change of a member's links
 * ends with (MemberUpkeep), both exported for the features that change links and the runs.
 */
@Module({
  imports: [IdentityDataModule, RanksModule],
  controllers: [MembersController],
  providers: [MembersService, MemberEvents, MemberUpkeep, UserRegisteredHandler, AccountDisabledHandler, AccountEnabledHandler],
  exports: [MemberEvents, MemberUpkeep],
})
export class MembersModule {}

import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { MembersModule } from '../members/members.module';
import { RanksModule } from '../ranks/ranks.module';
import { IdentityEventsHandler } from './identity-events.handler';
import { RoleReconciler } from './role-reconciler';
import { RoleSyncService } from './role-sync.service';
import { RoleSyncWorker } from './role-sync.worker';

/** Rank roles kept in line with members' ranks: intents from identity's events, a worker to apply them. */
@Module({
  imports: [LinksModule, MembersModule, RanksModule],
  providers: [RoleSyncService, RoleReconciler, RoleSyncWorker, IdentityEventsHandler],
})
export class RoleSyncModule {}

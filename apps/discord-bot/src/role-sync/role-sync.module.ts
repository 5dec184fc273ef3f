import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { MirrorModule } from '../mirror/mirror.module';
import { RanksModule } from '../ranks/ranks.module';
import { MemberMatchedHandler } from './member-matched.handler';
import { MemberRankChangedHandler } from './member-rank-changed.handler';
import { RanksChangedHandler } from './ranks-changed.handler';
import { RoleReconciler } from './role-reconciler';
import { RoleSyncService } from './role-sync.service';
import { RoleSyncWorker } from './role-sync.worker';

/** Rank roles kept in line with members' ranks: intents from identity's events, a worker to apply them. */
@Module({
  imports: [LinksModule, MirrorModule, RanksModule],
  providers: [RoleSyncService, RoleReconciler, RoleSyncWorker, MemberMatchedHandler, MemberRankChangedHandler, RanksChangedHandler],
})
export class RoleSyncModule {}

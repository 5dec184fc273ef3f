import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommitSignals, PassOutcome, SignalledLoop, withAdvisoryLock } from '@patt/persistence';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { DiscordConnection } from '../discord/discord-connection';
import { LinkedMembersRepository } from '../links/linked-members.repository';
import { MemberSyncService } from '../mirror/member-sync.service';
import { MirrorObservers } from '../mirror/mirror-observers';
import { RankRolesService } from '../ranks/rank-roles.service';
import { forEachBounded } from '../concurrency/bounded';
import { WorkSignal } from '../app/work-signals';
import { RoleReconciler } from './role-reconciler';
import { RoleSyncService } from './role-sync.service';

/**
 * Members whose roles are fixed at once. discord.js queues calls per rate-limit bucket (and keeps
 * to Discord's 50 requests a second) anyway; this keeps our own share of the queue short.
 */
export const ROLE_SYNC_CONCURRENCY = 4;
const MEMBERS_PER_PASS = 100;
const ROLE_SYNC_LOCK = 'discord-role-sync';

/**
 * Runs role sync when ROLE_SYNC_MODE=enforce (in report mode it does not run): whenever a
 * committed intent wakes it, it reconciles the members whose roles are due, a bounded number at a
 * time. It starts only once a full sync has read Discord's truth into the mirror since this
 * process started: a call Discord applied just before a crash is then seen as done, never made
 * twice. One replica works at a time (an advisory lock).
 */
@Injectable()
export class RoleSyncWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RoleSyncWorker.name);
  private readonly loop = new SignalledLoop(() => this.pass(), { name: RoleSyncWorker.name, pollMs: 5_000 });

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly connection: DiscordConnection,
    private readonly links: LinkedMembersRepository,
    private readonly sync: MemberSyncService,
    private readonly rankRoles: RankRolesService,
    private readonly roleSync: RoleSyncService,
    private readonly reconciler: RoleReconciler,
    private readonly observers: MirrorObservers,
    private readonly signals: CommitSignals,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.observers.add({
      memberArrived: (manager, userId) => this.roleSync.memberArrived(manager, userId),
      fullSyncApplied: () => this.roleSync.everyoneDueAfterSync(),
    });
    this.signals.on(WorkSignal.RoleSync, () => this.loop.wake());
    this.sync.onVerified(() => this.loop.wake());
  }

  onApplicationBootstrap(): void {
    if (!this.connection.configured) return;
    if (this.config.ROLE_SYNC_MODE !== 'enforce') {
      this.logger.log('ROLE_SYNC_MODE=report: the bot changes no roles (identity reports mismatches)');
      return;
    }
    this.logger.log({ concurrency: ROLE_SYNC_CONCURRENCY }, 'ROLE_SYNC_MODE=enforce: the bot keeps rank roles in line with ranks');
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async pass(): Promise<PassOutcome> {
    if (!this.sync.verified) return 'idle';
    const outcome = await withAdvisoryLock(
      this.dataSource,
      ROLE_SYNC_LOCK,
      async (): Promise<PassOutcome> => {
        const due = await this.links.due(MEMBERS_PER_PASS);
        if (due.length === 0) return 'idle';
        const ranks = await this.rankRoles.current();
        const tally = { checked: due.length, added: 0, removed: 0, refused: 0, postponed: 0 };
        await forEachBounded(due, ROLE_SYNC_CONCURRENCY, async (member) => {
          const result = await this.reconciler.reconcile(member, ranks);
          tally.added += result.added;
          tally.removed += result.removed;
          if (result.outcome !== 'done') tally[result.outcome] += 1;
        });
        if (tally.added + tally.removed + tally.refused + tally.postponed > 0) this.logger.log(tally, 'rank roles reconciled');
        return 'more';
      },
      { wait: false },
    );
    return outcome.acquired ? outcome.result : 'idle';
  }
}

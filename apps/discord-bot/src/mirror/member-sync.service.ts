import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Events } from 'discord.js';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DiscordSyncAccepted, ErrorCode } from '@patt/contracts';
import { CommitSignals, withAdvisoryLock } from '@patt/persistence';
import { ServiceException } from '@patt/service-kit';
import { DiscordConnection, DiscordNotConnected } from '../discord/discord-connection';
import { DiscordGuild, GuildMemberSnapshot } from '../discord/discord-guild';
import { WorkSignal } from '../app/work-signals';
import { MemberSyncTrigger } from './member-sync.entity';
import { MemberSyncsRepository } from './member-syncs.repository';
import { lastUserId, memberStateOf } from './member-state';
import { MembersMirrorService } from './members-mirror.service';

/** A full sync every 15 minutes (apps/discord-bot/README.md, "The mirror"), besides the gateway events in between. */
export const FULL_SYNC_EVERY_MS = 15 * 60_000;
/** Discord's largest page of GET /guilds/{id}/members. */
export const MEMBER_PAGE_SIZE = 1000;
const SYNC_LOCK = 'discord-member-sync';

/**
 * Full syncs of the members mirror: when the gateway session becomes ready (at start and after a
 * new session), when it resumes (discord.js may drop the member events replayed during a resume,
 * so the list is checked again), every 15 minutes, and when an officer asks. One runs at a time;
 * a connect or resume during a sync runs another one after it, since the running one may have
 * read its pages before the gap.
 *
 * Only the replica holding the gateway session syncs. An officer's request that reaches a replica
 * standing by is queued (`requested`, with a NOTIFY) and answered with its id; the holder runs it
 * under that id when it wakes to the signal, or after its own sync, or when it takes the session.
 */
@Injectable()
export class MemberSyncService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MemberSyncService.name);
  private running: { id: string; done: Promise<void> } | null = null;
  private rerun: MemberSyncTrigger | null = null;
  private verifiedSinceStart = false;
  private readonly verifiedListeners: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly connection: DiscordConnection,
    private readonly guild: DiscordGuild,
    private readonly mirror: MembersMirrorService,
    private readonly syncs: MemberSyncsRepository,
    private readonly dataSource: DataSource,
    private readonly signals: CommitSignals,
  ) {}

  onModuleInit(): void {
    this.signals.on(WorkSignal.MemberSyncs, () => void this.runRequested());
    this.connection.bind((client) => {
      client.on(Events.ShardReady, () => this.requestInBackground('connect'));
      client.on(Events.ShardResume, () => this.requestInBackground('resume'));
    });
  }

  onApplicationBootstrap(): void {
    if (!this.connection.configured) return;
    this.timer = setInterval(() => {
      if (this.connection.role === 'leader') this.requestInBackground('schedule');
    }, FULL_SYNC_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.done;
  }

  /**
   * Whether a full sync has laid Discord's list over the mirror since this process started. Until
   * then the mirror may lack role changes made just before a crash, and role sync waits.
   */
  get verified(): boolean {
    return this.verifiedSinceStart;
  }

  onVerified(listener: () => void): void {
    this.verifiedListeners.push(listener);
  }

  /** An officer's request (POST /api/v1/discord/syncs): the sync that runs, or why none can. */
  async requestByOfficer(): Promise<DiscordSyncAccepted> {
    if (this.connection.configured && this.connection.role === 'standby') {
      const id = randomUUID();
      await this.dataSource.transaction(async (manager) => {
        await this.syncs.request(manager, id, 'manual');
        await this.signals.notify(manager, WorkSignal.MemberSyncs);
      });
      this.logger.log({ syncId: id }, 'member sync queued for the replica holding the Discord gateway session');
      return { syncId: id, alreadyRunning: false };
    }
    try {
      return this.request('manual');
    } catch (error) {
      if (error instanceof DiscordNotConnected) {
        throw new ServiceException(ErrorCode.ServiceUnavailable, `No member sync can run: ${error.message}. Try again once the bot is connected.`);
      }
      throw error;
    }
  }

  request(trigger: MemberSyncTrigger): DiscordSyncAccepted {
    if (!this.connection.configured) throw new DiscordNotConnected('Discord is not configured (DISCORD_TOKEN and DISCORD_GUILD_ID)');
    if (this.running) {
      if (trigger === 'connect' || trigger === 'resume') this.rerun = trigger;
      return { syncId: this.running.id, alreadyRunning: true };
    }
    // A connect or resume comes from the gateway itself, before discord.js calls the client ready.
    const fromGateway = trigger === 'connect' || trigger === 'resume';
    if (!fromGateway && !this.connection.ready) throw new DiscordNotConnected('the bot is not connected to Discord right now');
    const id = randomUUID();
    this.running = { id, done: this.run(id, trigger, false) };
    return { syncId: id, alreadyRunning: false };
  }

  /** Runs the oldest sync a standby queued, when this replica holds the session and is free. */
  private async runRequested(): Promise<void> {
    if (this.stopping || this.running || this.connection.role !== 'leader' || !this.connection.ready) return;
    try {
      const queued = await this.syncs.oldestRequested();
      if (!queued || this.running || this.stopping) return;
      this.running = { id: queued.id, done: this.run(queued.id, queued.trigger, true) };
    } catch (error) {
      this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'could not read the queued member syncs');
    }
  }

  private requestInBackground(trigger: MemberSyncTrigger): void {
    if (this.stopping) return;
    try {
      this.request(trigger);
    } catch (error) {
      this.logger.warn({ trigger, reason: error instanceof Error ? error.message : String(error) }, 'member sync not started');
    }
  }

  private async run(id: string, trigger: MemberSyncTrigger, queued: boolean): Promise<void> {
    let acquired = true;
    try {
      const outcome = await withAdvisoryLock(this.dataSource, SYNC_LOCK, () => this.fullSync(id, trigger, queued), { wait: false });
      acquired = outcome.acquired;
      if (!outcome.acquired) this.logger.log({ syncId: id, trigger }, 'another replica is syncing the members; skipped');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ syncId: id, trigger, reason }, 'member sync failed');
      await this.syncs.fail(id, reason).catch(() => undefined);
    } finally {
      this.running = null;
      const again = this.rerun;
      this.rerun = null;
      if (again) this.requestInBackground(again);
      else if (acquired) void this.runRequested();
      // Another process holds the sync lock (an old holder's sync finishing): queued syncs wait a little.
      else setTimeout(() => void this.runRequested(), 5_000).unref();
    }
  }

  private async fullSync(id: string, trigger: MemberSyncTrigger, queued: boolean): Promise<void> {
    const startedAt = new Date();
    if (queued) {
      if (!(await this.syncs.startRequested(id, startedAt))) return;
    } else {
      await this.syncs.start(id, trigger, startedAt);
    }
    await this.syncs.abandonOthers(id);
    const listed = await this.listEveryMember();
    const roles = await this.guild.listRoles();
    // Bots are not people of the guild: they are neither mirrored nor announced.
    const members = listed.filter((member) => !member.bot).map(memberStateOf);
    const counts = await this.mirror.applyFullSync({ syncId: id, startedAt, members, roles });
    this.logger.log({ syncId: id, trigger, ...counts, bots: listed.length - members.length, tookMs: Date.now() - startedAt.getTime() }, 'members synced');
    if (!this.verifiedSinceStart) {
      this.verifiedSinceStart = true;
      this.verifiedListeners.forEach((listener) => listener());
    }
  }

  private async listEveryMember(): Promise<GuildMemberSnapshot[]> {
    const members: GuildMemberSnapshot[] = [];
    let after = '0';
    for (;;) {
      const page = await this.guild.listMembers(after, MEMBER_PAGE_SIZE);
      members.push(...page);
      const last = lastUserId(page);
      if (page.length < MEMBER_PAGE_SIZE || last === null) return members;
      after = last;
    }
  }
}

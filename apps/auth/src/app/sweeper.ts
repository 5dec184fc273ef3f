import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AccountLifecycle } from '../accounts/account-lifecycle.service';
import { UsersRepository } from '../accounts/users.repository';
import { InvitesRepository } from '../invites/invites.repository';

/** How often time's own changes are looked for: a member's grace ends, and a code expires, with no event to tell. */
export const SWEEP_MS = 10 * 60 * 1000;

/**
 * What time alone changes, at start and every ten minutes: accounts whose member's grace out of
 * the guild ran out are disabled, and invite codes that expired before the bot took them are
 * erased. Sign-ins, refreshes and keys check their own account on the spot as well, and an
 * expired code never redeems nor delivers, so the pace is not a window.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Sweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly lifecycle: AccountLifecycle,
    private readonly users: UsersRepository,
    private readonly invites: InvitesRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  sweep(): Promise<void> {
    this.running ??= this.work()
      .catch((error: unknown) => this.logger.error({ err: error }, 'the sweep failed; it runs again in ten minutes'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async work(): Promise<void> {
    await this.users.transaction((manager) => this.lifecycle.sweep(manager));
    const erased = await this.invites.eraseExpiredCodes();
    if (erased > 0) this.logger.log({ erased }, 'invite codes that expired before their DM erased');
  }
}

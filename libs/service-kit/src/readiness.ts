import { Injectable } from '@nestjs/common';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

/**
 * What a service needs before it takes work (its database, NATS, its migrations). Libs register
 * their own checks here; the readiness probe and the NATS health request both read them.
 */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck['check']>();
  private readonly describers = new Map<string, () => Record<string, unknown>>();

  /** `describe`, when given, adds what the check knows to the readiness probe's answer (e.g. a replica's role). */
  register(name: string, check: ReadinessCheck['check'], describe?: () => Record<string, unknown>): void {
    this.checks.set(name, check);
    if (describe) this.describers.set(name, describe);
    else this.describers.delete(name);
  }

  /** What the check `name` adds to the probe's answer, if anything. */
  details(name: string): Record<string, unknown> | undefined {
    return this.describers.get(name)?.();
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const results = await Promise.all(
      [...this.checks.entries()].map(async ([name, check]) => {
        const up = await Promise.race([
          check().catch(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
        ]);
        return [name, up ? 'up' : 'down'] as const;
      }),
    );
    return { ready: results.every(([, status]) => status === 'up'), checks: Object.fromEntries(results) };
  }
}

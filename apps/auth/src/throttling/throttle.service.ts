import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { AttemptsRepository } from './attempts.repository';

export interface Limit {
  key: string;
  limit: number;
  windowSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Limits on logins, registrations and refreshes, kept in Postgres so every replica counts the
 * same attempts. Password guessing is slowed per IP and per account, while a member signing in
 * from an address they used before is not locked out by someone guessing from elsewhere.
 */
@Injectable()
export class ThrottleService implements OnModuleInit, OnModuleDestroy {
  private purge: NodeJS.Timeout | null = null;

  constructor(private readonly attempts: AttemptsRepository) {}

  onModuleInit(): void {
    this.purge = setInterval(() => void this.attempts.purgeOlderThan(31).catch(() => undefined), HOUR * 1000);
    this.purge.unref();
  }

  onModuleDestroy(): void {
    if (this.purge) clearInterval(this.purge);
  }

  /** Refuses with 429 and the seconds to wait when any of the limits is reached. */
  async check(limits: Limit[]): Promise<void> {
    let wait = 0;
    for (const { key, limit, windowSeconds } of limits) {
      const { count, oldest } = await this.attempts.window(key, windowSeconds);
      if (count >= limit && oldest) {
        wait = Math.max(wait, Math.ceil((new Date(oldest).getTime() + windowSeconds * 1000 - Date.now()) / 1000));
      }
    }
    if (wait > 0) {
      throw new ServiceException(ErrorCode.RateLimited, `Too many attempts; try again in ${Math.max(1, wait)} seconds.`, [
        { retryAfterSeconds: Math.max(1, wait) },
      ]);
    }
  }

  record(keys: string[]): Promise<void> {
    return this.attempts.record(keys);
  }

  // --- the policies -----------------------------------------------------------------------

  async beforeLogin(username: string, ip: string): Promise<void> {
    const account = username.toLowerCase();
    const limits: Limit[] = [
      { key: `login:ip:${ip}`, limit: 30, windowSeconds: 10 * MINUTE },
      { key: `login-fail:${account}:${ip}`, limit: 5, windowSeconds: 15 * MINUTE },
    ];
    // Failures from everywhere slow an account down, except from where its owner signed in before:
    // that keeps guessing from many addresses slow without locking the member out.
    const knownPlace = (await this.attempts.window(`login-ok:${account}:${ip}`, 30 * 24 * HOUR)).count > 0;
    if (!knownPlace) limits.push({ key: `login-fail:${account}`, limit: 50, windowSeconds: HOUR });
    await this.check(limits);
    await this.record([`login:ip:${ip}`]);
  }

  async loginFailed(username: string, ip: string): Promise<void> {
    const account = username.toLowerCase();
    await this.record([`login-fail:${account}:${ip}`, `login-fail:${account}`]);
  }

  async loginSucceeded(username: string, ip: string): Promise<void> {
    const account = username.toLowerCase();
    await this.attempts.forget([`login-fail:${account}:${ip}`]);
    await this.record([`login-ok:${account}:${ip}`]);
  }

  async beforeRegistration(username: string, ip: string): Promise<void> {
    const keys = [`register:ip:${ip}`, `register:user:${username.toLowerCase()}`];
    await this.check(keys.map((key) => ({ key, limit: 10, windowSeconds: HOUR })));
    await this.record(keys);
  }

  async beforeRefresh(ip: string): Promise<void> {
    await this.check([{ key: `refresh:ip:${ip}`, limit: 60, windowSeconds: MINUTE }]);
    await this.record([`refresh:ip:${ip}`]);
  }
}

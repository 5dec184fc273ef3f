import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { AttemptsRepository } from './attempts.repository';
import { Limit, Reservation, ThrottleWindowsRepository } from './throttle-windows.repository';

export type { Limit, Reservation } from './throttle-windows.repository';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** A sign-in's attempt, counted before the password is looked at; what success or a 503 takes back. */
export interface LoginReservation extends Reservation {
  /** The keys that count failures: a sign-in that succeeds gives these back. */
  failureKeys: string[];
  account: string;
  ip: string;
}

/**
 * Limits on logins, registrations and refreshes, kept in Postgres so every replica counts the same
 * attempts. An attempt is counted before the work it allows, atomically (ThrottleWindowsRepository),
 * so parallel attempts cannot all pass a check made before any of them was recorded: of twenty
 * wrong guesses at once against a limit of five, five reach bcrypt. A sign-in counts as a failure
 * until it succeeds, which gives the failure back. Password guessing is slowed per address and per
 * account, while a member signing in from an address they used before is not locked out by
 * someone guessing from elsewhere.
 */
@Injectable()
export class ThrottleService implements OnModuleInit, OnModuleDestroy {
  private purge: NodeJS.Timeout | null = null;

  constructor(
    private readonly windows: ThrottleWindowsRepository,
    private readonly places: AttemptsRepository,
  ) {}

  onModuleInit(): void {
    this.purge = setInterval(() => {
      void this.windows.purgeIdle().catch(() => undefined);
      void this.places.purgeOlderThan(31).catch(() => undefined);
    }, HOUR * 1000);
    this.purge.unref();
  }

  onModuleDestroy(): void {
    if (this.purge) clearInterval(this.purge);
  }

  /** Counts one attempt under every limit, or under none: a 429 with the seconds to wait when any is full. */
  async reserve(limits: Limit[]): Promise<Reservation> {
    const { counted, at } = await this.windows.reserve(limits);
    const reservation = { keys: counted, at };
    if (counted.length === limits.length) return reservation;
    await this.windows.refund(reservation);
    const full = limits.map((limit) => limit.key).filter((key) => !counted.includes(key));
    const wait = await this.windows.secondsUntilRoom(full);
    throw new ServiceException(ErrorCode.RateLimited, `Too many attempts; try again in ${wait} seconds.`, [{ retryAfterSeconds: wait }]);
  }

  /** Takes an attempt back (the work it allowed did not happen, or succeeded where only failures count). */
  refund(reservation: Reservation, keys?: string[]): Promise<void> {
    return this.windows.refund(reservation, keys);
  }

  // --- the policies -----------------------------------------------------------------------

  /**
   * Before a password is compared: 30 sign-ins per address in 10 minutes, and a failure counted
   * ahead: 5 per account and address in 15 minutes, and, from an address the account never signed
   * in from, 50 per account in an hour.
   */
  async beforeLogin(username: string, ip: string): Promise<LoginReservation> {
    const account = username.toLowerCase();
    const knownPlace = await this.places.seenWithin(`login-ok:${account}:${ip}`, 30 * 24 * HOUR);
    const failures: Limit[] = [
      { key: `login-fail:${account}:${ip}`, limit: 5, windowSeconds: 15 * MINUTE },
      // Failures from everywhere slow an account down, except from where its owner signed in before:
      // that keeps guessing from many addresses slow without locking the member out.
      ...(knownPlace ? [] : [{ key: `login-fail:${account}`, limit: 50, windowSeconds: HOUR }]),
    ];
    const reservation = await this.reserve([{ key: `login:ip:${ip}`, limit: 30, windowSeconds: 10 * MINUTE }, ...failures]);
    return { ...reservation, failureKeys: failures.map((limit) => limit.key), account, ip };
  }

  /** The password was right: its failure is given back, the place's earlier failures forgotten, the place remembered. */
  async loginSucceeded(reservation: LoginReservation): Promise<void> {
    await this.windows.refund(reservation, reservation.failureKeys);
    await this.windows.forget([`login-fail:${reservation.account}:${reservation.ip}`]);
    await this.places.record([`login-ok:${reservation.account}:${reservation.ip}`]);
  }

  /** 10 registrations per address and per name in an hour. */
  beforeRegistration(username: string, ip: string): Promise<Reservation> {
    return this.reserve([`register:ip:${ip}`, `register:user:${username.toLowerCase()}`].map((key) => ({ key, limit: 10, windowSeconds: HOUR })));
  }

  /**
   * A member's own invite requests (the bot's /get-account): one in 10 minutes and 3 a day per
   * member, so a member cannot fill their DMs, or officers' lists, with invites.
   */
  beforeOwnInvite(personId: string): Promise<Reservation> {
    return this.reserve([
      { key: `own-invite:recent:${personId}`, limit: 1, windowSeconds: 10 * MINUTE },
      { key: `own-invite:day:${personId}`, limit: 3, windowSeconds: 24 * HOUR },
    ]);
  }

  /**
   * Password-reset links a member asks for (the bot's /reset-password): one in 2 minutes and 5 a
   * day per member, so their DMs cannot be flooded with links.
   */
  beforePasswordResetLink(personId: string): Promise<Reservation> {
    return this.reserve([
      { key: `password-reset:recent:${personId}`, limit: 1, windowSeconds: 2 * MINUTE },
      { key: `password-reset:day:${personId}`, limit: 5, windowSeconds: 24 * HOUR },
    ]);
  }

  /** Passwords set with a reset token: 10 an hour per address (each costs a bcrypt hash). */
  beforePasswordReset(ip: string): Promise<Reservation> {
    return this.reserve([{ key: `password-reset:ip:${ip}`, limit: 10, windowSeconds: HOUR }]);
  }

  /**
   * A member setting or changing their own password: 10 an hour per account (each costs a bcrypt
   * hash). A change's current password is guessed against the sign-in limits too (beforeLogin):
   * a stolen session gets no more guesses at the password than the sign-in page gives.
   */
  beforeOwnPassword(userId: string): Promise<Reservation> {
    return this.reserve([{ key: `own-password:user:${userId}`, limit: 10, windowSeconds: HOUR }]);
  }

  /** 30 sign-ins with a provider started per address in 10 minutes (as many as password sign-ins). */
  beforeOAuthStart(ip: string): Promise<Reservation> {
    return this.reserve([{ key: `oauth-start:ip:${ip}`, limit: 30, windowSeconds: 10 * MINUTE }]);
  }

  /** 60 refreshes per address a minute. */
  beforeRefresh(ip: string): Promise<Reservation> {
    return this.reserve([{ key: `refresh:ip:${ip}`, limit: 60, windowSeconds: MINUTE }]);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { ErrorCode, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { AuthConfig } from '../app/auth.config';
import { GateFull, WorkGate } from './work-gate';

/** Seconds a caller turned away by the bcrypt gate is told to wait. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** Why a password is refused, or null when it is acceptable. Bytes, not characters: bcrypt reads bytes. */
export function passwordProblem(password: string): string | null {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes < PASSWORD_MIN_BYTES) return `password must be at least ${PASSWORD_MIN_BYTES} bytes`;
  if (bytes > PASSWORD_MAX_BYTES) {
    return `password must be at most ${PASSWORD_MAX_BYTES} bytes of UTF-8 (this one is ${bytes}); bcrypt would ignore the rest, so it is refused rather than cut`;
  }
  return null;
}

/** The 503 of a process whose bcrypt is busy: nothing was checked, the caller may try again soon. */
export function passwordsBusy(): ServiceException {
  return new ServiceException(ErrorCode.ServiceUnavailable, 'Too many passwords are being checked right now; try again in a moment.', [
    { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
  ]);
}

/**
 * bcrypt, bounded: at most BCRYPT_MAX_CONCURRENT hashes or compares at once in this process, a
 * short wait (BCRYPT_MAX_WAIT_MS) beyond them, then a 503 (passwordsBusy): a flood of sign-ins
 * costs a bounded amount of CPU, and no request waits longer than it will be waited for.
 */
@Injectable()
export class Passwords {
  /** A hash to compare against when the user does not exist, so both answers take as long. */
  private readonly decoy: Promise<string>;
  private readonly gate: WorkGate;

  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {
    this.decoy = bcrypt.hash('decoy password for unknown users', config.BCRYPT_COST);
    this.gate = new WorkGate(config.BCRYPT_MAX_CONCURRENT, config.BCRYPT_MAX_WAIT_MS, config.BCRYPT_MAX_CONCURRENT * 8);
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => bcrypt.hash(password, this.config.BCRYPT_COST));
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    const against = hash ?? (await this.decoy);
    const matches = await this.bounded(() => bcrypt.compare(password, against));
    return hash !== null && matches;
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(work);
    } catch (error) {
      if (error instanceof GateFull) throw passwordsBusy();
      throw error;
    }
  }
}

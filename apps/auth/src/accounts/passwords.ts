import { Inject, Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@patt/contracts';
import { AuthConfig } from '../app/auth.config';

/** Why a password is refused, or null when it is acceptable. Bytes, not characters: bcrypt reads bytes. */
export function passwordProblem(password: string): string | null {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes < PASSWORD_MIN_BYTES) return `password must be at least ${PASSWORD_MIN_BYTES} bytes`;
  if (bytes > PASSWORD_MAX_BYTES) {
    return `password must be at most ${PASSWORD_MAX_BYTES} bytes of UTF-8 (this one is ${bytes}); bcrypt would ignore the rest, so it is refused rather than cut`;
  }
  return null;
}

@Injectable()
export class Passwords {
  /** A hash to compare against when the user does not exist, so both answers take as long. */
  private readonly decoy: Promise<string>;

  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {
    this.decoy = bcrypt.hash('decoy password for unknown users', config.BCRYPT_COST);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.BCRYPT_COST);
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    const matches = await bcrypt.compare(password, hash ?? (await this.decoy));
    return hash !== null && matches;
  }
}

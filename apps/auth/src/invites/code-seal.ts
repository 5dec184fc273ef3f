import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AuthConfig } from '../app/auth.config';

const VERSION = 'v1';

/**
 * Seals an invite code while it waits for the Discord bot: AES-256-GCM under a key derived from
 * auth's own secret (HKDF, so it is not the token-signing key), bound to its invite's id. A
 * database dump then holds no usable code, and a sealed code moved to another invite does not open.
 */
@Injectable()
export class CodeSeal {
  private readonly key: Buffer;

  constructor(@Inject(AuthConfig) config: AuthConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.JWT_SECRET, 'patt-auth', 'invite codes awaiting their DM', 32));
  }

  seal(code: string, inviteId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(inviteId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return [VERSION, iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The code, or null when it does not open (another invite's, tampered with, or sealed under another secret). */
  open(sealed: string, inviteId: string): string | null {
    const [version, iv, data, tag] = sealed.split('.');
    if (version !== VERSION || !iv || !data || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(inviteId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

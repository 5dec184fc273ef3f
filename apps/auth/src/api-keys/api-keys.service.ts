import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiKeySummary, CreatedApiKey, ErrorCode, Page, PageQuery } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { newSecret, secretHash } from '../tokens/secrets';
import { ApiKeysRepository } from './api-keys.repository';

/** Keys for the companion uploader: shown once, stored as hashes, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  async create(name: string, createdBy: string): Promise<CreatedApiKey> {
    const key = newSecret('patt_', 32);
    const summary = await this.keys.insert({ id: randomUUID(), name: name.trim(), keyHash: secretHash(key), createdBy });
    return { id: summary.id, name: summary.name, key, createdAt: summary.createdAt };
  }

  list(page: PageQuery): Promise<Page<ApiKeySummary>> {
    return this.keys.list(page);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.keys.revoke(id))) throw ServiceException.notFound('API key');
  }

  async verify(key: string): Promise<{ id: string; name: string }> {
    const found = await this.keys.use(secretHash(key));
    if (!found) throw new ServiceException(ErrorCode.Unauthenticated, 'This API key is unknown or revoked.');
    return found;
  }
}

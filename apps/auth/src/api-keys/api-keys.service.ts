import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiKeySummary, CreatedApiKey, ErrorCode, Page, PageQuery, RankLevel } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { AccountLifecycle } from '../accounts/account-lifecycle.service';
import { UsersRepository } from '../accounts/users.repository';
import { newSecret, secretHash } from '../tokens/secrets';
import { ApiKeysRepository } from './api-keys.repository';

const stopped = (why: string) => new ServiceException(ErrorCode.Unauthenticated, `This API key does not work: ${why}`);

/**
 * Keys for the companion uploader: shown once, stored as hashes, revocable. A key acts for the
 * officer who made it, so it works only while they are an officer with a working account: it
 * stops when they are demoted or disabled (and works again if they are promoted or enabled).
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersRepository,
    private readonly lifecycle: AccountLifecycle,
  ) {}

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
    const found = await this.keys.live(secretHash(key));
    if (!found) throw new ServiceException(ErrorCode.Unauthenticated, 'This API key is unknown or revoked.');
    const maker = found.createdBy ? await this.users.byId(found.createdBy) : null;
    if (!maker) throw stopped('the account that made it no longer exists; make a new one.');
    const current = maker.memberInGuild === false ? await this.users.transaction((manager) => this.lifecycle.current(manager, maker)) : maker;
    if (current.disabledAt) throw stopped(`the account of ${current.username}, who made it, is disabled.`);
    if (current.rankLevel < RankLevel.Officer) throw stopped(`${current.username}, who made it, is no longer an officer.`);
    await this.keys.used(found);
    return { id: found.id, name: found.name };
  }
}

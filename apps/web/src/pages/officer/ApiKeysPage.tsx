import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../../app/session';
import type { ApiKeySummary, CreatedApiKey } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { FormError, problemOf, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { RelativeTime } from '../../components/RelativeTime';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const NO_FILTERS = [] as const;

/** Keys for the addon uploader and officers' scripts. A new key is shown once, here, and never again. */
export function ApiKeysPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(NO_FILTERS);
  const keys = useResource(`api-keys:${filters.offset}`, (signal) => api.apiKeys.list({ limit: PAGE_SIZE, offset: filters.offset }, signal));
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const create = useAction((keyName: string) => api.apiKeys.create(keyName));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    const key = await create.run(name.trim());
    if (!key) return;
    setCreated(key);
    setName('');
    keys.reload();
  };

  const revoked = (key: ApiKeySummary) => {
    setAnnouncement(`The key “${key.name}” is revoked.`);
    if (created?.id === key.id) setCreated(null);
    keys.update((page) => ({ items: page.items.filter((item) => item.id !== key.id), total: page.total - 1 }));
  };

  return (
    <Page title="API keys" intro="A key lets the companion uploader or a script call the API as an officer. Whoever has it can upload rosters: keep it secret.">
      <form className="form inline" onSubmit={(event) => void submit(event)} data-testid="api-key-form">
        <TextField label="Name of the new key" name="name" required value={name} onChange={(event) => setName(event.target.value)} hint="Where it will be used, e.g. “Raid PC uploader”." problem={problemOf(create.error, 'name')} />
        <button type="submit" disabled={create.pending}>
          {create.pending ? 'Creating…' : 'Create key'}
        </button>
        <FormError error={create.error} />
      </form>
      {created && (
        <div className="created" role="status" data-testid="created-key-panel">
          <p>
            <strong>Copy the key “{created.name}” now: it is shown only this once.</strong>
          </p>
          <p>
            <code className="secret" data-testid="created-key">
              {created.key}
            </code>{' '}
            <CopyButton text={created.key} label="Copy key" />
          </p>
        </div>
      )}
      <LiveStatus>{announcement}</LiveStatus>
      <h2>Keys</h2>
      <AsyncContent resource={keys} what="the API keys" isEmpty={(page) => page.items.length === 0} empty="No API keys yet.">
        {(page) => (
          <>
            <ul className="cards" data-testid="api-key-list">
              {page.items.map((key) => (
                <ApiKeyRow key={key.id} apiKey={key} onRevoked={revoked} />
              ))}
            </ul>
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="keys" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

function ApiKeyRow({ apiKey, onRevoked }: { apiKey: ApiKeySummary; onRevoked(key: ApiKeySummary): void }) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const revoke = useAction(() => api.apiKeys.revoke(apiKey.id));
  const confirm = async () => {
    if ((await revoke.run()) !== undefined) onRevoked(apiKey);
  };
  return (
    <li className="card" data-testid="api-key">
      <p className="card-title">{apiKey.name}</p>
      <p className="muted">
        Created <RelativeTime iso={apiKey.createdAt} /> by{' '}
        <span data-testid="api-key-creator">{apiKey.createdBy ? apiKey.createdBy.username : 'an account that no longer exists'}</span>, last used{' '}
        <RelativeTime iso={apiKey.lastUsedAt} />.
      </p>
      <p className="hint">
        {apiKey.createdBy
          ? `It acts as ${apiKey.createdBy.username}: it stops working while they are below Officer or their account is disabled.`
          : 'It does not work: the account that made it is gone.'}
      </p>
      <div className="actions">
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void confirm()} disabled={revoke.pending} aria-label={`Revoke the key ${apiKey.name} for good`}>
              {revoke.pending ? 'Revoking…' : 'Revoke for good'}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)} aria-label={`Revoke the key ${apiKey.name}`}>
            Revoke
          </button>
        )}
      </div>
      {revoke.error && <ErrorMessage error={revoke.error} />}
    </li>
  );
}

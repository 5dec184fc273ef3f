import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

const key = { id: 'k1', name: 'Raid PC', createdAt: '2024-05-01T10:00:00.000Z', lastUsedAt: null, createdBy: { userId: 'user-officer', username: 'officer' } };

describe('ApiKeysPage', () => {
  it('creates a key and shows it once, with a copy button', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    const api = new FakeApi()
      .on('GET', '/auth/api-keys', page([]), page([key]))
      .on('POST', '/auth/api-keys', ok({ id: 'k1', name: 'Raid PC', key: 'patt_secret_123', createdAt: key.createdAt }, 201));
    renderApp('/officer/api-keys', api, { as: 'officer' });

    expect((await screen.findByTestId('empty')).textContent).toBe('No API keys yet.');
    fireEvent.change(screen.getByLabelText('Name of the new key'), { target: { value: 'Raid PC' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    expect((await screen.findByTestId('created-key')).textContent).toBe('patt_secret_123');
    expect(await screen.findByTestId('api-key')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy key' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('patt_secret_123'));
    expect(await screen.findByText('Copied.')).toBeTruthy();
  });

  it('shows who made each key, and that it acts as them; a key whose maker is gone says it does not work', async () => {
    const orphan = { id: 'k2', name: 'Old script', createdAt: '2024-04-01T10:00:00.000Z', lastUsedAt: '2024-04-02T10:00:00.000Z', createdBy: null };
    const api = new FakeApi().on('GET', '/auth/api-keys', page([key, orphan]));
    renderApp('/officer/api-keys', api, { as: 'officer' });

    const [first, second] = await screen.findAllByTestId('api-key');
    expect(within(first).getByTestId('api-key-creator').textContent).toBe('officer');
    expect(first.textContent).toContain('It acts as officer: it stops working while they are below Officer or their account is disabled.');
    expect(within(second).getByTestId('api-key-creator').textContent).toBe('an account that no longer exists');
    expect(second.textContent).toContain('It does not work: the account that made it is gone.');
  });

  it('revokes a key after a second click', async () => {
    const api = new FakeApi().on('GET', '/auth/api-keys', page([key])).on('DELETE', '/auth/api-keys/k1', ok(null));
    renderApp('/officer/api-keys', api, { as: 'officer' });

    fireEvent.click(await screen.findByRole('button', { name: 'Revoke the key Raid PC' }));
    expect(api.callsTo('DELETE', '/auth/api-keys/k1')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke the key Raid PC for good' }));
    expect(await screen.findByText('The key “Raid PC” is revoked.')).toBeTruthy();
    expect(screen.getByTestId('empty')).toBeTruthy();
  });

  it("shows loading, and the API's sentence next to the name it refuses", async () => {
    const keys = deferred();
    const details = [{ field: 'name', problems: ['name must be at most 100 characters'] }];
    const api = new FakeApi().on('GET', '/auth/api-keys', keys.handler).on('POST', '/auth/api-keys', fail(400, 'VALIDATION_FAILED', 'name must be at most 100 characters.', details));
    renderApp('/officer/api-keys', api, { as: 'officer' });

    expect(await screen.findByText('Loading the API keys…')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name of the new key'), { target: { value: 'x'.repeat(101) } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const form = screen.getByTestId('api-key-form');
    expect((await within(form).findByTestId('field-error')).textContent).toBe('name must be at most 100 characters.');
    keys.resolve(fail(403, 'FORBIDDEN', 'This needs the rank Officer or higher.'));
    expect(await screen.findByText('This needs the rank Officer or higher.')).toBeTruthy();
  });
});

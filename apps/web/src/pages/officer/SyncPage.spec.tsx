import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aRun } from '../../test/factories';
import { FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { SyncPage } from './SyncPage';

const idleStatus = ok({ lastRuns: { blizzard: null, addon: null }, nextScheduledAt: null });
const counts = { found: 3, added: 1, updated: 1, removed: 0, rankChanges: 1, notModified: 1, profileErrors: 0 };

function renderSync(api: FakeApi) {
  return renderApp('/officer/sync', api, { as: 'officer', page: { routePath: '/officer/sync', element: <SyncPage pollMs={5} /> } });
}

function progressbar() {
  const bar = screen.getByRole('progressbar', { name: 'Roster sync progress' });
  return { now: bar.getAttribute('aria-valuenow'), max: bar.getAttribute('aria-valuemax') };
}

describe('SyncPage', () => {
  it('starts a sync, follows its progress to the end, then shows its counts and the new run', async () => {
    const queued = aRun({ id: 'r1', status: 'queued', startedAt: null });
    const api = new FakeApi()
      .on('GET', '/guild-sync/status', idleStatus)
      .on('GET', '/guild-sync/runs', page([]), page([]), page([aRun({ id: 'r1', status: 'succeeded', progress: { done: 3, total: 3 }, counts })]))
      .on('POST', '/guild-sync/runs', ok(queued, 202))
      .on(
        'GET',
        '/guild-sync/runs/r1',
        ok({ ...queued, status: 'running', progress: { done: 1, total: 3 } }),
        ok({ ...queued, status: 'running', progress: { done: 2, total: 3 } }),
        ok({ ...queued, status: 'succeeded', progress: { done: 3, total: 3 }, counts, finishedAt: '2024-05-01T10:01:00.000Z' }),
      );
    renderSync(api);

    expect((await screen.findByTestId('empty')).textContent).toBe('No sync has run yet.');
    fireEvent.click(screen.getByRole('button', { name: 'Start sync' }));

    await waitFor(() => expect(progressbar()).toEqual({ now: '1', max: '3' }));
    expect((screen.getByRole('button', { name: 'Start sync' }) as HTMLButtonElement).disabled).toBe(true);
    const finalCounts = await screen.findByTestId('sync-counts');
    expect(progressbar()).toEqual({ now: '3', max: '3' });
    expect(within(finalCounts).getByText('Found').nextSibling?.textContent).toBe('3');
    expect(within(finalCounts).getByText('Rank changes').nextSibling?.textContent).toBe('1');
    await waitFor(() => expect(screen.getByTestId('sync-announcement').textContent).toBe('Sync finished: succeeded.'));
    expect(await screen.findByTestId('run-row')).toBeTruthy();
    expect(api.callsTo('GET', '/guild-sync/runs/r1')).toHaveLength(3);
    expect((screen.getByRole('button', { name: 'Start sync' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('follows the running run when the API answers that one is already in progress', async () => {
    const running = aRun({ id: 'r9', status: 'running', progress: { done: 5, total: 10 } });
    const sentence = 'A roster sync is already running (run r9); wait for it to finish, then try again.';
    const api = new FakeApi()
      .on('GET', '/guild-sync/status', idleStatus)
      .on('GET', '/guild-sync/runs', page([]))
      .on('POST', '/guild-sync/runs', fail(409, 'SYNC_IN_PROGRESS', sentence, [{ runId: 'r9' }]))
      .on('GET', '/guild-sync/runs/r9', ok(running), ok({ ...running, status: 'failed', error: 'Blizzard answered 503 for the roster.' }));
    renderSync(api);

    fireEvent.click(await screen.findByRole('button', { name: 'Start sync' }));
    await waitFor(() => expect(screen.getByTestId('sync-announcement').textContent).toBe(sentence));
    expect(await screen.findByText('Blizzard answered 503 for the roster.')).toBeTruthy();
    expect(screen.getByTestId('sync-status').textContent).toBe('Failed');
  });

  it('follows a run that was already going when the page opened', async () => {
    const running = aRun({ id: 'r5', status: 'running', progress: { done: 2, total: 4 } });
    const api = new FakeApi()
      .on('GET', '/guild-sync/status', ok({ lastRuns: { blizzard: running, addon: null }, nextScheduledAt: '2030-01-01T00:00:00.000Z' }))
      .on('GET', '/guild-sync/runs', page([running]))
      .on('GET', '/guild-sync/runs/r5', ok({ ...running, status: 'partial', progress: { done: 4, total: 4 }, counts }));
    renderSync(api);

    expect(await screen.findByTestId('sync-counts')).toBeTruthy();
    expect(screen.getByTestId('sync-status').textContent).toBe('Finished with errors');
    expect(api.callsTo('POST', '/guild-sync/runs')).toHaveLength(0);
  });

  it("shows the API's sentence beside the button when a sync cannot start, and when the runs cannot be read", async () => {
    const api = new FakeApi()
      .on('GET', '/guild-sync/status', idleStatus)
      .on('GET', '/guild-sync/runs', fail(503, 'SERVICE_UNAVAILABLE', 'The guild-sync service is unreachable.'))
      .on('POST', '/guild-sync/runs', fail(503, 'SERVICE_UNAVAILABLE', 'The guild-sync service is unreachable.'));
    renderSync(api);

    expect((await screen.findByRole('alert')).textContent).toContain('The guild-sync service is unreachable.');
    fireEvent.click(screen.getByRole('button', { name: 'Start sync' }));
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
  });
});

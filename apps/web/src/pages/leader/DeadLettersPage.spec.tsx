import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

const letter = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  service: id.split('.')[0],
  subject: 'patt.identity.ranks-changed',
  eventId: '6f1c0c8e-8f3e-4e58-9d55-3f9f4b1a2c01',
  consumer: 'auth--identity_ranks-changed',
  attempts: 5,
  lastError: 'the rank projection refuses Raider',
  failedAt: '2026-12-06T09:00:00.000Z',
  replayable: true,
  ...extra,
});

describe('DeadLettersPage', () => {
  it('lists each dead letter with its service, subject, error, time and attempts, and filters by service', async () => {
    const api = new FakeApi().on('GET', '/ops/dead-letters', (call) =>
      call.query.get('service') === 'campaigns' ? page([]) : page([letter('auth.1'), letter('identity.7', { subject: 'patt.guild-sync.roster-synced', attempts: 6 })]),
    );
    renderApp('/leader/dead-letters', api, { as: 'leader' });

    const [first, second] = await screen.findAllByTestId('dead-letter');
    expect(within(first!).getByText('patt.identity.ranks-changed')).toBeTruthy();
    expect(within(first!).getByTestId('dead-letter-service').textContent).toBe('auth');
    expect(within(first!).getByTestId('dead-letter-error').textContent).toBe('the rank projection refuses Raider');
    expect(within(first!).getByTestId('dead-letter-attempts').textContent).toBe('5');
    expect(within(second!).getByTestId('dead-letter-service').textContent).toBe('identity');
    expect(within(second!).getByTestId('dead-letter-attempts').textContent).toBe('6');

    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'campaigns' } });
    expect((await screen.findByTestId('empty')).textContent).toBe('No dead letters: every event was applied.');
    expect(api.callsTo('GET', '/ops/dead-letters').at(-1)!.query.get('service')).toBe('campaigns');
  });

  it('replays a dead letter only after it is confirmed, and takes it off the list', async () => {
    const api = new FakeApi()
      .on('GET', '/ops/dead-letters', page([letter('auth.1'), letter('auth.2')]))
      .on('POST', '/ops/dead-letters/auth.1/replay', ok({ id: 'auth.1', outcome: 'applied', replayedAt: '2026-12-06T10:00:00.000Z', replayedBy: 'leader' }, 202));
    renderApp('/leader/dead-letters', api, { as: 'leader' });

    fireEvent.click(await screen.findByRole('button', { name: 'Replay auth.1' }));
    expect(api.callsTo('POST', '/ops/dead-letters/auth.1/replay')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Replay auth.1 now' }));
    await waitFor(() => expect(screen.getByTestId('dead-letter-status').textContent).toBe('The event patt.identity.ranks-changed (auth.1) was applied.'));
    await waitFor(() => expect(screen.getAllByTestId('dead-letter')).toHaveLength(1));
    expect(api.callsTo('POST', '/ops/dead-letters/auth.1/replay')).toHaveLength(1);
    expect(api.callsTo('POST', '/ops/dead-letters/auth.1/replay')[0]!.body).toEqual({});
  });

  it('discards after confirmation, and Cancel sends nothing', async () => {
    const api = new FakeApi().on('GET', '/ops/dead-letters', page([letter('identity.3')])).on('DELETE', '/ops/dead-letters/identity.3', ok(null));
    renderApp('/leader/dead-letters', api, { as: 'leader' });

    fireEvent.click(await screen.findByRole('button', { name: 'Discard identity.3' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('DELETE', '/ops/dead-letters/identity.3')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Discard identity.3' }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard identity.3 for good' }));
    await waitFor(() => expect(screen.getByTestId('dead-letter-status').textContent).toBe('The dead letter identity.3 is discarded.'));
    expect(screen.getByTestId('empty')).toBeTruthy();
  });

  it("shows the API's refusal of a replay and keeps the dead letter; offers no replay of a message that was no event", async () => {
    const api = new FakeApi()
      .on('GET', '/ops/dead-letters', page([letter('auth.1'), letter('auth.2', { replayable: false })]))
      .on('POST', '/ops/dead-letters/auth.1/replay', fail(409, 'CONFLICT', 'The event failed again and stays a dead letter: the rank projection refuses Raider'));
    renderApp('/leader/dead-letters', api, { as: 'leader' });

    fireEvent.click(await screen.findByRole('button', { name: 'Replay auth.1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Replay auth.1 now' }));
    expect(await screen.findByText('The event failed again and stays a dead letter: the rank projection refuses Raider')).toBeTruthy();
    expect(screen.getAllByTestId('dead-letter')).toHaveLength(2);
    const [, noEvent] = screen.getAllByTestId('dead-letter');
    expect(within(noEvent!).queryByRole('button', { name: 'Replay auth.2' })).toBeNull();
    expect(within(noEvent!).getByRole('button', { name: 'Discard auth.2' })).toBeTruthy();
  });

  it('shows loading, then the refusal of a caller below Guild Leader', async () => {
    const list = deferred();
    const api = new FakeApi().on('GET', '/ops/dead-letters', list.handler);
    renderApp('/leader/dead-letters', api, { as: 'leader' });
    expect(await screen.findByText('Loading the dead letters…')).toBeTruthy();
    list.resolve(fail(403, 'FORBIDDEN', 'This needs the rank Guild Leader or higher.'));
    expect(await screen.findByText('This needs the rank Guild Leader or higher.')).toBeTruthy();
  });
});

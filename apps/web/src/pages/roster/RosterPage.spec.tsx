import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CharacterListItem } from '../../api/types';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import type { Call } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { charactersList, levelOfIndex, rosterGuild } from '../../test/roster-guild';
import { aRun } from '../../test/factories';
import { ROSTER_COLUMNS, RosterPage } from './RosterPage';

const ranks = page([
  { level: 5, name: 'Guild Leader', discordRoleId: null, gameRankIndexes: [0] },
  { level: 4, name: 'Officer', discordRoleId: null, gameRankIndexes: [1] },
  { level: 3, name: 'Veteran', discordRoleId: null, gameRankIndexes: [2] },
  { level: 2, name: 'Member', discordRoleId: null, gameRankIndexes: [3] },
  { level: 1, name: 'Initiate', discordRoleId: null, gameRankIndexes: [4, 5, 6, 7, 8, 9] },
]);

const guild = rosterGuild(1000);
const byId = new Map(guild.characters.map((c) => [c.id, c]));

function guildApi(): FakeApi {
  return new FakeApi().on('GET', '/ranks', ranks).on('GET', '/characters', (call) => charactersList(guild, call));
}

/** The list calls the table is drawn from (not the glance line's one-row counts). */
function listCalls(api: FakeApi): Call[] {
  return api.callsTo('GET', '/characters').filter((call) => call.query.get('limit') !== '1');
}

const lastList = (api: FakeApi): URLSearchParams => listCalls(api).at(-1)!.query;

/** The characters the table shows now, in order. */
function shown(): CharacterListItem[] {
  return screen.getAllByTestId('roster-row').map((row) => byId.get(row.getAttribute('data-character-id')!)!);
}

const answers = new WeakMap<Call, string[]>();
/** The ids the fake API answered a list call with (worked out once per call). */
function answered(call: Call): string[] {
  let ids = answers.get(call);
  if (!ids) {
    ids = (charactersList(guild, call).body as { data: { items: CharacterListItem[] } }).data.items.map((c) => c.id);
    answers.set(call, ids);
  }
  return ids;
}

/** Waits until the table shows the answer to the last list call, and gives its characters in order. */
async function settled(api: FakeApi): Promise<CharacterListItem[]> {
  await waitFor(() => {
    const ids = answered(listCalls(api).at(-1)!);
    const rows = screen.queryAllByTestId('roster-row');
    expect([rows.length, rows[0]?.getAttribute('data-character-id'), rows.at(-1)?.getAttribute('data-character-id')]).toEqual([ids.length, ids[0], ids.at(-1)]);
  });
  const rows = shown();
  expect(rows.map((c) => c.id)).toEqual(answered(listCalls(api).at(-1)!));
  return rows;
}

// Tables of hundreds of rows in jsdom, on a shared machine: a test takes seconds, not milliseconds.
jest.setTimeout(60_000);

describe('RosterPage: the guild’s characters', () => {
  it('lists every one of 1,000 characters across its pages, each member’s main first with the alts under it', async () => {
    const api = guildApi();
    renderApp('/roster?size=500', api, { as: 'member' });
    expect(await screen.findByText('Loading the roster…')).toBeTruthy();
    const seen: CharacterListItem[] = [...(await settled(api))];
    expect(screen.getByTestId('pager-summary').textContent).toBe('1–500 of 1000 characters');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(lastList(api).get('offset')).toBe('500'));
    seen.push(...(await settled(api)));
    expect(screen.getByTestId('pager-summary').textContent).toBe('501–1000 of 1000 characters');

    expect(seen).toHaveLength(1000);
    expect(new Set(seen.map((c) => c.id))).toEqual(new Set(guild.characters.map((c) => c.id)));
    expect(lastList(api).get('group')).toBe('member');
    expect(lastList(api).get('sort')).toBe('name');

    // Each member's characters sit in one group, main first, alts marked; no member appears twice.
    // (Read from the DOM directly: a query per group of 300 is slow in jsdom.)
    const groups = [...document.querySelectorAll('[data-testid="member-group"]')];
    const memberIds = groups.map((group) => group.getAttribute('data-member-id'));
    expect(new Set(memberIds).size).toBe(memberIds.length);
    for (const group of groups) {
      const rows = [...group.querySelectorAll('[data-testid="roster-row"]')];
      const characters = rows.map((row) => byId.get(row.getAttribute('data-character-id')!)!);
      expect(characters.every((c) => c.member?.id === group.getAttribute('data-member-id'))).toBe(true);
      const badges = rows.map((row) => [...row.querySelectorAll('.badge')].map((badge) => badge.textContent));
      if (characters[0]!.isMain) expect(badges[0]).toContain('main');
      expect(characters.slice(1).every((c) => !c.isMain)).toBe(true);
      badges.slice(1).forEach((marks) => expect(marks).toContain('alt'));
    }
    const alts = guild.characters.filter((c) => c.member && !c.isMain);
    expect(alts.length).toBeGreaterThan(100);
  });

  it('marks the characters of no member, and gives officers a link action there', async () => {
    const api = guildApi();
    renderApp('/roster?linked=false&size=500', api, { as: 'officer' });
    const rows = await settled(api);
    expect(rows).toHaveLength(guild.unlinked);
    expect(screen.getAllByTestId('no-member')).toHaveLength(guild.unlinked);
    expect(screen.queryAllByTestId('member-group')).toHaveLength(0);
    const first = rows[0]!;
    const link = screen.getByRole('link', { name: `Link ${first.name} – ${first.realmName} to a member` });
    expect(link.getAttribute('href')).toBe(`/officer/links?characterId=${first.id}`);
    expect(screen.getByTestId('roster-glance').textContent).toBe(`1000 characters in the roster, ${guild.unlinked} with no member yet.`);
  });

  it('shows a member no link action, and names each linked character’s member with a link to their page', async () => {
    const api = guildApi();
    renderApp('/roster', api, { as: 'member' });
    const rows = await settled(api);
    expect(screen.queryAllByRole('link', { name: /to a member$/ })).toHaveLength(0);
    const linked = rows.find((c) => c.member && c.isMain)!;
    const row = screen.getAllByTestId('roster-row').find((r) => r.getAttribute('data-character-id') === linked.id)!;
    expect(within(row).getByRole('link', { name: linked.member!.displayName }).getAttribute('href')).toBe(`/members/${linked.member!.id}`);
    expect(within(row).getByText(`· ${linked.member!.rank.name}`)).toBeTruthy();
    expect(rows).toHaveLength(100);
    expect(screen.getByTestId('pager-summary').textContent).toBe('1–100 of 1000 characters');
  });

  it('filters by rank, class, role, member and activity through the API, each from the first page', async () => {
    const api = guildApi();
    const { location } = renderApp('/roster?offset=100&size=100', api, { as: 'officer' });
    await settled(api);
    const cases: Array<{ label: string; value: string; param: string; sent: string; holds: (c: CharacterListItem) => boolean }> = [
      { label: 'Rank', value: '4', param: 'rank', sent: '4', holds: (c) => levelOfIndex(c.guildRankIndex) === 4 },
      { label: 'Rank', value: '1', param: 'rank', sent: '1', holds: (c) => levelOfIndex(c.guildRankIndex) === 1 },
      { label: 'Class', value: 'Death Knight', param: 'className', sent: 'Death Knight', holds: (c) => c.className === 'Death Knight' },
      { label: 'Role', value: 'healer', param: 'role', sent: 'healer', holds: (c) => c.role === 'healer' },
      { label: 'Member', value: 'true', param: 'linked', sent: 'true', holds: (c) => c.member !== null },
      { label: 'Member', value: 'false', param: 'linked', sent: 'false', holds: (c) => c.member === null },
      { label: 'Active', value: '7', param: 'activeWithinDays', sent: '7', holds: (c) => c.lastLoginAt !== null && Date.parse(c.lastLoginAt) >= Date.now() - 7 * 86_400_000 },
    ];
    for (const { label, value, param, sent, holds } of cases) {
      // One filter at a time: the others back to "all".
      for (const other of ['Rank', 'Class', 'Role', 'Member', 'Active']) fireEvent.change(screen.getByLabelText(other), { target: { value: '' } });
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
      await waitFor(() => expect(lastList(api).get(param)).toBe(sent));
      const rows = await settled(api);
      const expected = guild.characters.filter(holds);
      expect({ label, value, rows: rows.length }).toEqual({ label, value, rows: Math.min(100, expected.length) });
      expect(rows.every(holds)).toBe(true);
      expect(lastList(api).get('offset')).toBe('0');
      expect(new URLSearchParams(location.current!.search).get(param === 'activeWithinDays' ? 'active' : param)).toBe(value);
      expect(screen.getByTestId('pager-summary').textContent).toContain(String(expected.length));
    }
    // Together: officers' raid planning, active healers of rank Member.
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'healer' } });
    fireEvent.change(screen.getByLabelText('Rank'), { target: { value: '2' } });
    await waitFor(() => expect(lastList(api).toString()).toMatch(/rank=2/));
    const together = await settled(api);
    expect(together.every((c) => c.role === 'healer' && levelOfIndex(c.guildRankIndex) === 2 && c.lastLoginAt !== null)).toBe(true);
    expect(lastList(api).get('activeWithinDays')).toBe('7');
  });

  it('searches by name and says so when nothing matches', async () => {
    const api = guildApi();
    const { location } = renderApp('/roster', api, { as: 'member' });
    await settled(api);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: ' char001 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(location.current?.search).toBe('?q=char001'));
    const rows = await settled(api);
    expect(rows.map((c) => c.name).sort()).toEqual(guild.characters.filter((c) => c.name.toLowerCase().includes('char001')).map((c) => c.name).sort());
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'nobody' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect((await screen.findByTestId('empty')).textContent).toBe('No character matches these filters.');
  });

  it('sorts by every column from its head: numbers and dates highest first, again to reverse, marked for screen readers', async () => {
    const api = guildApi();
    const { location } = renderApp('/roster?size=50', api, { as: 'officer' });
    await settled(api);
    for (const column of ROSTER_COLUMNS) {
      const head = () => screen.getByRole('columnheader', { name: new RegExp(`^${column.label}`) });
      fireEvent.click(within(head()).getByRole('button', { name: column.label }));
      const first = column.sort === 'name' ? 'desc' : column.firstOrder; // name is the order already: a click reverses it
      await waitFor(() => expect(`${lastList(api).get('sort')}:${lastList(api).get('order')}`).toBe(`${column.sort}:${first}`));
      const rows = await settled(api);
      expect(head().getAttribute('aria-sort')).toBe(first === 'asc' ? 'ascending' : 'descending');
      expect(screen.getAllByRole('columnheader').filter((th) => th.hasAttribute('aria-sort'))).toHaveLength(1);
      expect(new URLSearchParams(location.current!.search).get('sort')).toBe(column.sort);
      expect(rows.length).toBe(50);

      fireEvent.click(within(head()).getByRole('button', { name: column.label }));
      const second = first === 'asc' ? 'desc' : 'asc';
      await waitFor(() => expect(lastList(api).get('order')).toBe(second));
      await settled(api);
      expect(head().getAttribute('aria-sort')).toBe(second === 'asc' ? 'ascending' : 'descending');
    }
  });

  it('orders members by their main’s value, with empty values last either way', async () => {
    const api = guildApi();
    renderApp('/roster?sort=itemLevel&order=desc&size=500', api, { as: 'officer' });
    await settled(api);
    expect(screen.getByLabelText('Sort by')).toHaveProperty('value', 'itemLevel:desc');
    const mains = new Map(guild.characters.filter((c) => c.isMain).map((c) => [c.member!.id, c]));
    // The value each run of rows is ordered by: the main's for a member's group, a lone character's own.
    const heads = [...document.querySelectorAll('[data-testid="roster-table"] tbody')].map((body) => {
      const first = byId.get(body.querySelector('[data-testid="roster-row"]')!.getAttribute('data-character-id')!)!;
      return first.member ? mains.get(first.member.id)!.itemLevel : first.itemLevel;
    });
    const known = heads.filter((l): l is number => l !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(heads.slice(known.length).every((l) => l === null)).toBe(true);
  });

  it('sorts by realm or join date from the Sort by choice (phones have no column heads)', async () => {
    const api = guildApi();
    renderApp('/roster', api, { as: 'member' });
    await settled(api);
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'joinedAt:desc' } });
    await waitFor(() => expect(`${lastList(api).get('sort')}:${lastList(api).get('order')}`).toBe('joinedAt:desc'));
    await settled(api);
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'realm:asc' } });
    await waitFor(() => expect(`${lastList(api).get('sort')}:${lastList(api).get('order')}`).toBe('realm:asc'));
    const rows = await settled(api);
    expect(rows[0]!.realmName).toBe('Area 52');
  });

  it('lists alts on their own rows in the chosen order when they are not kept under their main', async () => {
    const api = guildApi();
    const { location } = renderApp('/roster?sort=level', api, { as: 'member' });
    await settled(api);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Alts under their main' }));
    await waitFor(() => expect(lastList(api).get('group')).toBeNull());
    await settled(api);
    expect(location.current?.search).toContain('alts=separate');
    expect(screen.queryAllByTestId('member-group')).toHaveLength(0);
    expect(screen.queryAllByText('alt')).toHaveLength(0);
    expect(screen.getByTestId('roster-table').getAttribute('data-grouped')).toBe('false');
  });

  it('says so when the roster is empty, and shows the API’s sentence when it cannot be read', async () => {
    const empty = new FakeApi().on('GET', '/ranks', ranks).on('GET', '/characters', page([]));
    const view = renderApp('/roster', empty, { as: 'member' });
    expect((await screen.findByTestId('empty')).textContent).toMatch(/roster is empty/);
    view.unmount();

    const slow = deferred();
    const failing = new FakeApi()
      .on('GET', '/ranks', ranks)
      .on('GET', '/characters', fail(503, 'SERVICE_UNAVAILABLE', 'The identity service is unreachable; try again shortly.'), slow.handler);
    renderApp('/roster', failing, { as: 'member' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The identity service is unreachable; try again shortly.');
  });

  it('shows an officer the first sync’s progress on the empty roster, then the guild filling in', async () => {
    const running = aRun({ id: 'run-first', trigger: 'schedule', status: 'running', progress: { done: 40, total: 1000 } });
    let synced = false;
    let polls = 0;
    const done = { ...running, status: 'succeeded', progress: { done: 1000, total: 1000 }, counts: { ...running.counts, found: 1000, added: 1000 } };
    const api = new FakeApi()
      .on('GET', '/ranks', ranks)
      .on('GET', '/guild-sync/status', () => ok({ lastRuns: { blizzard: synced ? done : running, addon: null }, nextScheduledAt: null }))
      .on('GET', '/guild-sync/runs/run-first', () => {
        polls += 1;
        if (polls < 3) return ok({ ...running, progress: { done: 400 * polls, total: 1000 } });
        synced = true;
        return ok(done);
      })
      .on('GET', '/characters', (call) => (synced ? charactersList(guild, call) : page([])));
    renderApp('/roster', api, { as: 'officer', page: { routePath: '/roster', element: <RosterPage pollMs={20} /> } });

    const bar = await screen.findByRole('progressbar', { name: 'Roster sync progress' });
    expect((await screen.findByTestId('empty')).textContent).toBe('The roster is empty until the sync above ends.');
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('800 of 1000'));
    expect(screen.getByTestId('roster-sync').textContent).toContain('800 of 1000 characters read');

    // The sync ends: the list is read again in place, with no loading line in between.
    expect((await screen.findByTestId('roster-sync-outcome')).textContent).toContain('found 1000 characters');
    await waitFor(() => expect(screen.getAllByTestId('roster-row')).toHaveLength(100));
    expect(screen.getByTestId('roster-glance').textContent).toBe(`1000 characters in the roster, ${guild.unlinked} with no member yet.`);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('asks a member nothing about syncs (runs are for officers)', async () => {
    const api = guildApi();
    renderApp('/roster', api, { as: 'member', page: { routePath: '/roster', element: <RosterPage pollMs={20} /> } });
    await settled(api);
    expect(api.callsTo('GET', '/guild-sync/status')).toHaveLength(0);
    expect(screen.queryByTestId('roster-sync')).toBeNull();
  });
});

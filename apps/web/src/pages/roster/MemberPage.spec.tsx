import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aCharacter, aMember } from '../../test/factories';
import { FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

function guildMember() {
  const main = aCharacter({ id: 'c-main', name: 'Trog', guildNote: 'Main tank', officerNote: 'Raid lead pick' });
  const alt = aCharacter({ id: 'c-alt', name: 'Troglet', className: 'Mage', specName: 'Frost', role: 'ranged' });
  return aMember({ id: 'm1', displayName: 'Trog', characters: [alt, main], mainCharacterId: 'c-main', registered: false });
}

describe('MemberPage', () => {
  it('shows an officer the characters with their notes, an invite form and the roster history', async () => {
    const api = new FakeApi()
      .on('GET', '/members/m1', ok(guildMember()))
      .on('GET', '/characters/c-main/history', page([{ id: 'e1', type: 'rank_changed', characterId: 'c-main', characterName: 'Trog', realmSlug: 'senjin', at: '2024-05-01T10:00:00.000Z', from: '3', to: '2' }]))
      .on('GET', '/characters/c-alt/history', page([]))
      .on('POST', '/members/m1/invites', ok({ code: 'INV-42', expiresAt: '2024-05-04T10:00:00.000Z' }, 201));
    renderApp('/members/m1', api, { as: 'officer' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Trog' })).toBeTruthy();
    const rows = screen.getAllByTestId('character-row');
    expect(within(rows[0]).getByText('main')).toBeTruthy();
    expect(within(rows[0]).getByText('Raid lead pick')).toBeTruthy();

    const histories = await screen.findAllByTestId('character-history');
    expect(await within(histories[1]).findByText(/Rank changed from 3 to 2/)).toBeTruthy();
    expect(await within(histories[0]).findByText('No roster events yet.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Valid for'), { target: { value: '168' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send invite' }));
    expect((await screen.findByTestId('invite-code')).textContent).toBe('INV-42');
    expect(api.callsTo('POST', '/members/m1/invites')[0].body).toEqual({ expiresInHours: 168 });
    expect(screen.getByTestId('invite-created').textContent).toContain('/register?code=INV-42');
  });

  it('shows a member the characters without notes, invite or history', async () => {
    const api = new FakeApi().on('GET', '/members/m1', ok(guildMember()));
    renderApp('/members/m1', api, { as: 'member' });

    await screen.findByRole('heading', { level: 1, name: 'Trog' });
    expect(screen.queryByText('Officer note')).toBeNull();
    expect(screen.queryByTestId('invite-form')).toBeNull();
    expect(screen.queryByTestId('character-history')).toBeNull();
    expect(api.callsTo('GET', '/characters/c-main/history')).toHaveLength(0);
  });

  it("shows the API's sentence for an unknown member", async () => {
    const api = new FakeApi().on('GET', '/members/nobody', fail(404, 'NOT_FOUND', 'No member has the id nobody.'));
    renderApp('/members/nobody', api, { as: 'member' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('No member has the id nobody.');
    expect(within(alert).queryByRole('button')).toBeNull();
  });

  it("shows the API's sentence when an invite cannot be sent, beside the form", async () => {
    const api = new FakeApi()
      .on('GET', '/members/m1', ok(guildMember()))
      .on('GET', '/characters/c-main/history', page([]))
      .on('GET', '/characters/c-alt/history', page([]))
      .on('POST', '/members/m1/invites', fail(409, 'CONFLICT', 'Trog has no Discord user to send the invite to; link one first.'));
    renderApp('/members/m1', api, { as: 'officer' });

    fireEvent.click(await screen.findByRole('button', { name: 'Send invite' }));
    const form = screen.getByTestId('invite-form');
    expect((await within(form).findByRole('alert')).textContent).toBe('Trog has no Discord user to send the invite to; link one first.');
  });

  it('lets an officer set a rank, says the Discord role follows, and shows the rank rules’ refusal', async () => {
    const ranks = page([
      { level: 5, name: 'Guild Leader', discordRoleId: '1', gameRankIndexes: [0] },
      { level: 3, name: 'Veteran', discordRoleId: '3', gameRankIndexes: [2] },
      { level: 2, name: 'Member', discordRoleId: '4', gameRankIndexes: [3] },
    ]);
    const promoted = { ...guildMember(), rank: { level: 3, name: 'Veteran' } };
    const api = new FakeApi()
      .on('GET', '/members/m1', ok(guildMember()))
      .on('GET', '/ranks', ranks)
      .on('GET', '/characters/c-main/history', page([]))
      .on('GET', '/characters/c-alt/history', page([]))
      .on('PATCH', '/members/m1', ok(promoted), fail(403, 'RANK_RULES', 'An officer may give at most the rank below their own.'));
    renderApp('/members/m1', api, { as: 'officer' });

    const form = await screen.findByTestId('rank-form');
    await within(form).findByRole('option', { name: 'Veteran' });
    fireEvent.change(within(form).getByLabelText('Set rank'), { target: { value: '3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rank' }));
    expect((await screen.findByText(/is now Veteran/)).textContent).toBe('Trog is now Veteran. Their Discord role follows when role sync enforces ranks.');
    expect(api.callsTo('PATCH', '/members/m1')[0].body).toEqual({ rankLevel: 3 });
    expect(within(screen.getByTestId('member-facts')).getByText('Veteran')).toBeTruthy();

    fireEvent.change(within(form).getByLabelText('Set rank'), { target: { value: '5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rank' }));
    expect((await within(form).findByTestId('form-error')).textContent).toBe('An officer may give at most the rank below their own.');

    fireEvent.change(within(form).getByLabelText('Set rank'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rank' }));
    await waitFor(() => expect(api.callsTo('PATCH', '/members/m1')).toHaveLength(3));
    expect(api.callsTo('PATCH', '/members/m1')[2].body).toEqual({ rankLevel: null });
  });

  it('offers a member no rank form', async () => {
    const api = new FakeApi().on('GET', '/members/m1', ok(guildMember()));
    renderApp('/members/m1', api, { as: 'member' });
    await screen.findByRole('heading', { level: 1, name: 'Trog' });
    expect(screen.queryByTestId('rank-form')).toBeNull();
  });
});

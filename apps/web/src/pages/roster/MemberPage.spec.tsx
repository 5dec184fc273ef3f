import { fireEvent, screen, within } from '@testing-library/react';
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
});

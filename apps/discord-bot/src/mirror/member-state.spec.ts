import { splitIntoParts } from '@patt/messaging';
import { aMember, aSnapshot } from '../../test/support/factories';
import { changeOf, departed, displayNameOf, lastUserId, memberStateOf, planMirrorSync, sortRoleIds } from './member-state';

describe('member state', () => {
  it('shows the server nickname, else the global name, else the username', () => {
    expect(displayNameOf({ nick: 'Trogdor', globalName: 'Trog the Burninator', username: 'trog' })).toBe('Trogdor');
    expect(displayNameOf({ nick: null, globalName: 'Trog the Burninator', username: 'trog' })).toBe('Trog the Burninator');
    expect(displayNameOf({ nick: '  ', globalName: '', username: 'trog' })).toBe('trog');
  });

  it('keeps role ids in snowflake order, without duplicates, so equal roles compare equal', () => {
    expect(sortRoleIds(['900000000000000001', '80000000000000001', '900000000000000001'])).toEqual(['80000000000000001', '900000000000000001']);
    const snapshot = aSnapshot({ roleIds: ['300000000000000002', '300000000000000001'] });
    expect(memberStateOf(snapshot)).toEqual({
      userId: snapshot.userId,
      username: 'trog',
      displayName: 'trog',
      roleIds: ['300000000000000001', '300000000000000002'],
      present: true,
      joinedAt: '2024-03-01T12:00:00.000Z',
    });
  });

  it.each([
    ['first seen', null, aMember(), 'joined'],
    ['back after leaving', aMember({ userId: '1', present: false }), aMember({ userId: '1' }), 'joined'],
    ['leaving', aMember({ userId: '1' }), aMember({ userId: '1', present: false }), 'left'],
    ['renamed', aMember({ userId: '1' }), aMember({ userId: '1', displayName: 'Zug' }), 'updated'],
    ['given a role', aMember({ userId: '1' }), aMember({ userId: '1', roleIds: ['5'] }), 'updated'],
    ['unchanged', aMember({ userId: '1' }), aMember({ userId: '1' }), null],
    ['still gone', aMember({ userId: '1', present: false }), aMember({ userId: '1', present: false, displayName: 'x' }), null],
  ])('names the change of a member %s', (_what, before, after, change) => {
    expect(changeOf(before, after)).toBe(change);
  });

  it('plans a full sync: writes only the new, back and changed, and marks the unlisted gone', () => {
    const same = aMember();
    const renamed = aMember();
    const back = aMember({ present: false });
    const vanished = aMember();
    const longGone = aMember({ present: false });
    const mirror = new Map([same, renamed, back, vanished, longGone].map((m) => [m.userId, m]));
    const newcomer = aMember();
    const plan = planMirrorSync(mirror, [same, { ...renamed, displayName: 'New Name' }, { ...back, present: true }, newcomer]);
    expect(plan.upserts.map((m) => m.userId)).toEqual([renamed.userId, back.userId, newcomer.userId]);
    expect(plan.gone).toEqual([vanished.userId]);
    expect(departed(vanished)).toEqual({ ...vanished, present: false });
  });

  it('cuts members into parts by count and by size', () => {
    const members = Array.from({ length: 25 }, () => aMember());
    expect(splitIntoParts(members, { perPart: 10, maxBytes: 1_000_000 }).map((part) => part.length)).toEqual([10, 10, 5]);
    const size = Buffer.byteLength(JSON.stringify(members[0])) + 1;
    expect(splitIntoParts(members, { perPart: 1000, maxBytes: size * 4 }).map((part) => part.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(splitIntoParts([], { perPart: 10, maxBytes: 1000 })).toEqual([[]]);
  });

  it('finds where the next page starts by numeric id, not text order', () => {
    expect(lastUserId([{ userId: '99999999999999999' }, { userId: '100000000000000000' }])).toBe('100000000000000000');
    expect(lastUserId([])).toBeNull();
  });
});

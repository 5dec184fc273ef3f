import { inviteDm, inviteNotDeliveredNotice, registrationLink } from './invite-messages';

describe('invite messages', () => {
  const expiresAt = new Date('2025-07-01T12:00:00Z');

  it('links to the registration page with the code in the query', () => {
    expect(registrationLink('https://patt.example/', 'AB CD&1')).toBe('https://patt.example/register?code=AB%20CD%261');
  });

  it('DMs the code and the link, and when it expires', () => {
    const dm = inviteDm({ code: 'PATT-1234', expiresAt, publicUrl: 'https://patt.example' });
    expect(dm.content).toContain('`PATT-1234`');
    expect(dm.content).toContain('https://patt.example/register?code=PATT-1234');
    expect(dm.content).toContain(`<t:${expiresAt.getTime() / 1000}:R>`);
  });

  it('tells officers who did not get their invite and why, and never carries a code', () => {
    const notice = inviteNotDeliveredNotice({ discordUserId: '123456789012345678', username: 'trog', expiresAt, why: 'dms_closed' });
    const text = JSON.stringify(notice);
    expect(text).toContain('<@123456789012345678> (trog)');
    expect(text).toContain('do not accept direct messages');
    expect(notice.allowed_mentions).toEqual({ parse: [] });
  });
});

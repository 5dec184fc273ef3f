import { battlenetReminderDm } from './battlenet-reminder-messages';

describe('the Battle.net reminder DM', () => {
  it('names the member, links their profile, and mentions nobody', () => {
    const dm = battlenetReminderDm({ displayName: 'Trog', publicUrl: 'https://patt.example/' });
    expect(dm.content).toContain('Hi Trog!');
    expect(dm.content).toContain('https://patt.example/me');
    expect(dm.allowed_mentions).toEqual({ parse: [] });
  });
});

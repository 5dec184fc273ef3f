import { ButtonStyle } from 'discord.js';
import { Character, Member, RankLevel } from '@patt/contracts';
import { characterLine, GET_ACCOUNT_BUTTON, issuesAnswer, meAnswer, votesAnswer, whoisAnswer } from './command-replies';

const character = (overrides: Partial<Character> = {}): Character => ({
  id: 'c-1',
  blizzardId: 1,
  name: 'Trog',
  realmSlug: 'area-52',
  realmName: 'Area 52',
  className: 'Warrior',
  specName: 'Protection',
  role: 'tank',
  level: 80,
  itemLevel: 612,
  guildRankIndex: 3,
  guildRankName: 'Member',
  lastLoginAt: '2026-12-01T00:00:00.000Z',
  inGuild: true,
  joinedAt: null,
  leftAt: null,
  personId: 'p-1',
  guildNote: null,
  officerNote: null,
  ...overrides,
});

const member = (overrides: Partial<Member> = {}): Member => ({
  id: 'p-1',
  displayName: 'Trog',
  rank: { level: RankLevel.Member, name: 'Member' },
  discord: { userId: '42', username: 'trog', displayName: 'Trog' },
  characters: [character({ id: 'c-2', name: 'Trogalt', itemLevel: 640 }), character()],
  mainCharacterId: 'c-1',
  registered: false,
  account: null,
  ...overrides,
});

describe('slash command answers', () => {
  it('writes a character on one line: class and spec, item level, rank, last seen', () => {
    expect(characterLine(character(), true)).toBe('★ **Trog**-Area 52 · Protection Warrior · ilvl 612 · Member · last seen <t:1796083200:R>');
    expect(characterLine(character({ itemLevel: null, className: null, specName: null, lastLoginAt: null, inGuild: false }), false)).toBe(
      '**Trog**-Area 52 · class unknown · item level unknown · left the guild · last seen never',
    );
  });

  it('/whois puts the main first; notes and issues for officers only', () => {
    const forMember = whoisAnswer({ member: member(), issues: null, officer: false, publicUrl: 'https://patt.example/' }).embeds?.[0];
    expect(forMember?.description?.split('\n')[0]).toContain('★ **Trog**');
    expect(forMember?.fields?.map((field) => field.name)).toEqual(['Rank', 'Main', 'Discord']);
    expect(forMember?.url).toBeUndefined();
    const noted = member({ characters: [character({ officerNote: 'Raid team A' })] });
    const forOfficer = whoisAnswer({ member: noted, issues: [], officer: true, publicUrl: 'https://patt.example/' }).embeds?.[0];
    expect(forOfficer?.fields?.find((field) => field.name === 'Notes')?.value).toBe('**Trog**: officer note “Raid team A”');
    expect(forOfficer?.fields?.find((field) => field.name === 'Open issues (0)')?.value).toBe('none');
    expect(forOfficer?.url).toBe('https://patt.example/members/p-1');
  });

  it('/me offers an account only to a member without one, and always the Battle.net link', () => {
    const without = meAnswer({ member: member(), publicUrl: 'https://patt.example' }).components?.[0]?.components ?? [];
    expect(without.map((button) => button.style)).toEqual([ButtonStyle.Primary, ButtonStyle.Link]);
    expect(without[0]).toMatchObject({ custom_id: GET_ACCOUNT_BUTTON });
    const withAccount = meAnswer({
      member: member({ registered: true, account: { status: 'disabled', disabledAt: null, disabledReason: 'Left the guild.', disabledCause: null } }),
      publicUrl: 'https://patt.example',
    });
    expect(withAccount.components?.[0]?.components).toEqual([expect.objectContaining({ url: 'https://patt.example/me' })]);
    expect(withAccount.embeds?.[0]?.fields?.find((field) => field.name === 'Account')?.value).toBe('disabled: Left the guild.');
  });

  it('/issues counts by type and links the page; /votes says when nothing is open', () => {
    const answer = issuesAnswer([['orphan_character', 3], ['role_mismatch', 0], ['stale_character', 1]], 'https://patt.example');
    expect(answer.embeds?.[0]?.title).toBe('4 open issues');
    expect(answer.embeds?.[0]?.description).toBe('**3** orphan character\n**1** stale character\n[Open the issues page](https://patt.example/officer/issues)');
    expect(votesAnswer([], 'https://patt.example')).toEqual({ content: 'No vote is open right now.' });
  });
});

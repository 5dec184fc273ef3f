import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { announcesMilestone, CAMPAIGN_MILESTONES } from '../events/campaign-payloads';
import { BallotBody, CampaignChangeBody, CampaignInputBody, CampaignsQueryDto, EntryChangeBody, EntryInputBody } from './campaigns.dto';

/** The fields refused, as the services' validation pipe reports them (same options). */
function refused<T extends object>(cls: new () => T, plain: unknown): string[] {
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const fields = (list: ValidationError[], prefix = ''): string[] =>
    list.flatMap((e) => [...(e.constraints ? [`${prefix}${e.property}`] : []), ...fields(e.children ?? [], `${prefix}${e.property}.`)]);
  return fields(errors);
}

const draft = {
  title: 'The new guild tabard',
  minRankToVote: 2,
  minRankToView: null,
  startsAt: '2026-12-01T20:00:00Z',
  durationHours: 48,
};

describe('campaignInput', () => {
  it('takes the least a draft needs, and every field campaignInput has', () => {
    expect(refused(CampaignInputBody, draft)).toEqual([]);
    expect(
      refused(CampaignInputBody, {
        ...draft,
        description: 'Pick the art',
        method: 'instant_runoff',
        picksPerVoter: 10,
        minRankToView: 3,
        startsAt: '2026-12-01T15:00:00.000-05:00',
        earlyCloseWhenAllVoted: false,
        discordChannelId: '123456789012345678',
        announcements: { enabled: false, chattiness: 'hype' },
      }),
    ).toEqual([]);
  });

  it.each([
    ['title', { title: '   ' }],
    ['title', { title: 'x'.repeat(121) }],
    ['method', { method: 'borda' }],
    ['picksPerVoter', { picksPerVoter: 0 }],
    ['picksPerVoter', { picksPerVoter: 11 }],
    ['picksPerVoter', { picksPerVoter: 2.5 }],
    ['minRankToVote', { minRankToVote: 6 }],
    ['minRankToVote', { minRankToVote: undefined }],
    ['minRankToView', { minRankToView: undefined }],
    ['minRankToView', { minRankToView: 0 }],
    ['startsAt', { startsAt: '2026-12-01 20:00' }],
    ['startsAt', { startsAt: '2026-12-01T20:00:00' }],
    ['startsAt', { startsAt: 1764620000000 }],
    ['durationHours', { durationHours: 0 }],
    ['durationHours', { durationHours: 721 }],
    ['earlyCloseWhenAllVoted', { earlyCloseWhenAllVoted: 'yes' }],
    ['discordChannelId', { discordChannelId: '#general' }],
    ['announcements.chattiness', { announcements: { chattiness: 'loud' } }],
    ['announcements.sound', { announcements: { enabled: true, sound: 'horn' } }],
    ['announcements', { announcements: 'hype' }],
    ['colour', { colour: 'red' }],
  ])('refuses a bad %s', (field, change) => {
    expect(refused(CampaignInputBody, { ...draft, ...change })).toContain(field);
  });

  it('lets a change leave anything out, and refuses null where a value is required', () => {
    expect(refused(CampaignChangeBody, {})).toEqual([]);
    expect(refused(CampaignChangeBody, { minRankToView: null, description: null, discordChannelId: null })).toEqual([]);
    expect(refused(CampaignChangeBody, { title: null, picksPerVoter: null, startsAt: null, announcements: null }).sort()).toEqual(
      ['announcements', 'picksPerVoter', 'startsAt', 'title'].sort(),
    );
  });
});

describe('entries', () => {
  it('takes a name alone, or every field', () => {
    expect(refused(EntryInputBody, { name: 'Black dragon' })).toEqual([]);
    expect(
      refused(EntryInputBody, {
        name: 'Black dragon',
        description: 'On crimson',
        imageUrl: 'https://cdn.example.org/tabard.png',
        sortOrder: 2,
        personId: '7d9f0c2e-3b5a-4c1d-9e8f-0a1b2c3d4e5f',
      }),
    ).toEqual([]);
  });

  it.each([
    ['name', { name: '' }],
    ['imageUrl', { imageUrl: 'javascript:alert(1)' }],
    ['imageUrl', { imageUrl: 'ftp://example.org/a.png' }],
    ['sortOrder', { sortOrder: -1 }],
    ['personId', { personId: 'Trog' }],
  ])('refuses a bad %s', (field, change) => {
    expect(refused(EntryInputBody, { name: 'Black dragon', ...change })).toContain(field);
  });

  it('refuses a null name in a change', () => {
    expect(refused(EntryChangeBody, { name: null })).toEqual(['name']);
    expect(refused(EntryChangeBody, { imageUrl: null, personId: null })).toEqual([]);
  });
});

describe('ballots', () => {
  const pick = (rank: number) => ({ entryId: '7d9f0c2e-3b5a-4c1d-9e8f-0a1b2c3d4e5f', rank });

  it('takes a list of picks, leaving their count and entries to the service', () => {
    expect(refused(BallotBody, { picks: [pick(1), pick(2)] })).toEqual([]);
  });

  it.each([
    ['no picks', 'picks', {}],
    ['an empty list', 'picks', { picks: [] }],
    ['eleven picks', 'picks', { picks: Array.from({ length: 11 }, (_, i) => pick(i + 1)) }],
    ['text for picks', 'picks', { picks: 'a, b, c' }],
    ['a rank of 0', 'picks.0.rank', { picks: [pick(0)] }],
    ['an entry that is no id', 'picks.0.entryId', { picks: [{ entryId: 'dragon', rank: 1 }] }],
    ['a field a pick has not', 'picks.0.note', { picks: [{ ...pick(1), note: 'x' }] }],
  ])('refuses %s (%s)', (_what, field, body) => {
    expect(refused(BallotBody, body)).toContain(field);
  });
});

describe('the list query', () => {
  it('takes a status filter and refuses another', () => {
    expect(refused(CampaignsQueryDto, { status: 'live', limit: '10', offset: '0' })).toEqual([]);
    expect(refused(CampaignsQueryDto, { status: 'open' })).toEqual(['status']);
  });
});

describe('which milestones each chattiness announces', () => {
  const announced = (chattiness: 'quiet' | 'normal' | 'hype', enabled = true) =>
    CAMPAIGN_MILESTONES.filter((m) => announcesMilestone({ enabled, chattiness }, m));

  it('quiet: none (the opening and the results only); normal: the main ones; hype: all', () => {
    expect(announced('quiet')).toEqual([]);
    expect(announced('normal')).toEqual(['first_ballot', 'turnout_50', 'all_voted', 'hours_left_24', 'hours_left_1']);
    expect(announced('hype')).toEqual([...CAMPAIGN_MILESTONES]);
    expect(announced('hype', false)).toEqual([]);
  });
});

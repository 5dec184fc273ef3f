import { Actor, RankLevel } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { CampaignRecord } from './campaigns.repository';
import { checkSettings, settingsOf, START_GRACE_MS } from './campaigns.service';

const officer: Actor = { userId: 'u', personId: null, username: 'o', rank: RankLevel.Officer };
const now = new Date('2026-12-06T12:00:00Z');

function problemsOf(work: () => void): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ServiceException) return (error.body.details as Array<{ field: string }>).map((d) => d.field);
    throw error;
  }
  return [];
}

describe('a campaign’s settings', () => {
  it('fills the defaults of a new campaign', () => {
    expect(settingsOf({ title: 'T', minRankToVote: 2, minRankToView: null, startsAt: '2026-12-07T20:00:00Z', durationHours: 24 }, null)).toEqual({
      title: 'T',
      description: null,
      method: 'points',
      picksPerVoter: 3,
      minRankToVote: 2,
      minRankToView: null,
      startsAt: new Date('2026-12-07T20:00:00Z'),
      durationHours: 24,
      earlyCloseWhenAllVoted: true,
      discordChannelId: null,
      announcementsEnabled: true,
      chattiness: 'normal',
    });
  });

  it('changes only what a change names; null clears; announcements merge field by field', () => {
    const current = {
      ...settingsOf({ title: 'T', description: 'D', minRankToVote: 2, minRankToView: 3, startsAt: '2026-12-07T20:00:00Z', durationHours: 24, discordChannelId: '123456789012345678' }, null),
      chattiness: 'hype',
      announcementsEnabled: false,
    } as unknown as CampaignRecord;
    const changed = settingsOf({ description: null, minRankToView: null, announcements: { enabled: true } }, current);
    expect(changed).toMatchObject({ title: 'T', description: null, minRankToView: null, discordChannelId: '123456789012345678', announcementsEnabled: true, chattiness: 'hype' });
  });

  it('refuses a start in the past (beyond a few minutes’ grace) when one is set', () => {
    const at = (ms: number) => settingsOf({ title: 'T', minRankToVote: 1, minRankToView: null, startsAt: new Date(now.getTime() + ms).toISOString(), durationHours: 1 }, null);
    expect(problemsOf(() => checkSettings(at(-START_GRACE_MS + 1000), officer, { startsAt: true, minRankToView: true }, now))).toEqual([]);
    expect(problemsOf(() => checkSettings(at(-START_GRACE_MS - 1000), officer, { startsAt: true, minRankToView: true }, now))).toEqual(['startsAt']);
    // A draft whose start passed may still have its title changed.
    expect(problemsOf(() => checkSettings(at(-86_400_000), officer, { startsAt: false, minRankToView: false }, now))).toEqual([]);
  });

  it('refuses a view rank above the officer’s own when they set one, not when another set it', () => {
    const gated = settingsOf({ title: 'T', minRankToVote: 1, minRankToView: 5, startsAt: now.toISOString(), durationHours: 1 }, null);
    expect(problemsOf(() => checkSettings(gated, officer, { startsAt: false, minRankToView: true }, now))).toEqual(['minRankToView']);
    expect(problemsOf(() => checkSettings(gated, officer, { startsAt: false, minRankToView: false }, now))).toEqual([]);
    expect(problemsOf(() => checkSettings(gated, { ...officer, rank: RankLevel.GuildLeader }, { startsAt: false, minRankToView: true }, now))).toEqual([]);
  });
});

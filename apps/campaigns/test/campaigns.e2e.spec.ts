import { randomUUID } from 'node:crypto';
import { Ballot, Campaign, CampaignResults, Entry, LiveCampaign, Page, Requests } from '@patt/contracts';
import { clientAs, eventually, parsePrometheusText, PlatformApp, startPlatform, TestPlatform } from '@patt/testing';
import { call, data, draft, outbox, query, Voter, voters } from './support';

jest.setTimeout(180_000);

/**
 * The campaigns service through real processes (the gateway and the service over NATS, on a
 * database of the suite's own): a campaign's life, ballots and their refusals, results and who
 * may see them. Voters come as auth and identity announce them; each test uses a rank of voters
 * the others leave alone where it counts who is eligible.
 */
describe('votes through the gateway and the campaigns service', () => {
  let platform: TestPlatform;
  let officer: string;
  let leader: string;
  /** The Guild Leaders the early-close test makes: every eligible voter of a Guild-Leaders-only vote. */
  let guildLeaders: Voter[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['campaigns'] });
    officer = platform.token({ rank: 4, username: 'officer' });
    leader = platform.token({ rank: 5, username: 'leader' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const ballot = (entries: Entry[], order: number[]) => ({ picks: order.map((index, rank) => ({ entryId: entries[index]!.id, rank: rank + 1 })) });

  /** The campaigns service's `patt_ballots_total`, from its GET /metrics: each `outcome/reason` series. */
  async function ballotsCounted(): Promise<Record<string, number>> {
    const text = await (await fetch(`http://127.0.0.1:${platform.healthPorts.get('campaigns')}/metrics`)).text();
    const family = parsePrometheusText(text).get('patt_ballots_total');
    expect(family?.type).toBe('counter');
    return Object.fromEntries((family?.samples ?? []).map((s) => [`${s.labels['outcome']}/${s.labels['reason']}`, s.value]));
  }

  it('takes a campaign from draft to closed: 3 entries, 2 voters, results stored with every entry', async () => {
    const [ann, bob] = (await voters(platform, 2, 2)) as [Voter, Voter];
    const { campaign, entries } = await draft(platform, officer, { picksPerVoter: 2, earlyCloseWhenAllVoted: false, minRankToVote: 2 });
    expect(campaign).toMatchObject({ status: 'draft', picksPerVoter: 2, method: 'points', createdByName: 'officer', announcements: { enabled: true, chattiness: 'normal' } });
    // Drafts are the officers'.
    expect((await call(platform, 'GET', `/campaigns/${campaign.id}`, { token: ann.token })).status).toBe(404);
    expect(data(await call<Page<Campaign>>(platform, 'GET', '/campaigns', { token: ann.token })).items.map((c) => c.id)).not.toContain(campaign.id);
    expect(data(await call<Page<Campaign>>(platform, 'GET', '/campaigns?status=draft', { token: officer })).items.map((c) => c.id)).toContain(campaign.id);

    const before = Date.now();
    const opened = data(await call<Campaign>(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    expect(opened.status).toBe('live');
    // Live from now, its end moving with it.
    expect(new Date(opened.startsAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(opened.endsAt).getTime() - new Date(opened.startsAt).getTime()).toBe(48 * 3_600_000);
    expect(opened.entries?.map((e) => e.name)).toEqual(['Red', 'Green', 'Blue']);

    const cast = await call<Ballot>(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: ann.token, body: ballot(entries, [0, 1]) });
    expect(cast.status).toBe(201);
    expect(data(cast).picks).toEqual([{ entryId: entries[0]!.id, rank: 1 }, { entryId: entries[1]!.id, rank: 2 }]);
    expect(data(await call<Ballot>(platform, 'GET', `/campaigns/${campaign.id}/ballots/mine`, { token: ann.token })).id).toBe(data(cast).id);
    expect((await call(platform, 'GET', `/campaigns/${campaign.id}/ballots/mine`, { token: bob.token })).status).toBe(404);
    expect(data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`, { token: bob.token })).viewer).toEqual({ voted: false, mayVote: true });
    expect((await call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: bob.token, body: ballot(entries, [1, 0]) })).status).toBe(201);

    const seen = data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`, { token: ann.token }));
    expect(seen.viewer).toEqual({ voted: true, mayVote: false });
    expect(seen.stats).toEqual({ eligible: 2, voted: 2, percentVoted: 100 });
    // Still live (no early close asked for): standings for those who voted, not final.
    const standings = data(await call<CampaignResults>(platform, 'GET', `/campaigns/${campaign.id}/results`, { token: bob.token }));
    expect(standings).toMatchObject({ final: false, voted: 2, eligible: 2 });

    const closed = data(await call<Campaign>(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} }));
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'officer' });
    const results = data(await call<CampaignResults>(platform, 'GET', `/campaigns/${campaign.id}/results`));
    expect(results).toMatchObject({ campaignId: campaign.id, method: 'points', final: true, eligible: 2, voted: 2 });
    // Red and Green: 2 + 1 points each, one first place each: they share first place; Blue has none.
    expect(results.entries.map((e) => [e.name, e.place, e.points, e.placeCounts])).toEqual([
      ['Red', 1, 3, [1, 1]],
      ['Green', 1, 3, [1, 1]],
      ['Blue', 3, 0, [0, 0]],
    ]);
    expect(results.winnerIds.sort()).toEqual([entries[0]!.id, entries[1]!.id].sort());

    // Each event of the campaign numbered in order: opened 1, the milestones, closed last.
    const events = await outbox(platform, campaign.id);
    expect(events.map((e) => [e.subject.split('.').pop(), e.payload['key'] ?? null, e.payload['sequence']])).toEqual([
      ['campaign-opened', null, 1],
      ['campaign-milestone', 'first_ballot', 2],
      ['campaign-milestone', 'turnout_25', 3],
      ['campaign-milestone', 'turnout_50', 4],
      ['campaign-milestone', 'turnout_75', 5],
      ['campaign-milestone', 'all_voted', 6],
      ['campaign-closed', null, 7],
    ]);
    expect(events[6]?.payload).toMatchObject({ reason: 'officer', allVoted: true, results: { final: true, voted: 2 } });
  });

  it('refuses every bad ballot with a 4xx envelope naming the problem', async () => {
    const [low] = await voters(platform, 1, 1);
    const [voter] = await voters(platform, 1, 3);
    const { campaign, entries } = await draft(platform, officer, { picksPerVoter: 2, minRankToVote: 3, earlyCloseWhenAllVoted: false });
    const path = `/campaigns/${campaign.id}/ballots`;
    const countedBefore = await ballotsCounted();
    // A draft is no one's to vote in: invisible to members, not live to officers.
    expect(await call(platform, 'POST', path, { token: voter!.token, body: ballot(entries, [0, 1]) })).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
    const officerVoter = platform.token({ rank: 4, personId: randomUUID(), username: 'officer-voter' });
    expect(await call(platform, 'POST', path, { token: officerVoter, body: ballot(entries, [0, 1]) })).toMatchObject({ status: 409, body: { ok: false, code: 'CAMPAIGN_NOT_LIVE' } });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));

    expect(await call(platform, 'POST', path, { token: low!.token, body: ballot(entries, [0, 1]) })).toMatchObject({ status: 403, body: { ok: false, code: 'RANK_TOO_LOW' } });
    const noMember = platform.token({ rank: 5, personId: null, username: 'bootstrap' });
    expect(await call(platform, 'POST', path, { token: noMember, body: ballot(entries, [0, 1]) })).toMatchObject({ status: 403, body: { code: 'NOT_A_MEMBER' } });
    expect(await call(platform, 'POST', path, { body: ballot(entries, [0, 1]) })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });

    const bad = async (body: unknown) => {
      const answer = await call(platform, 'POST', path, { token: voter!.token, body });
      expect({ status: answer.status, code: answer.body.ok ? null : answer.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      return answer.body.ok ? [] : (answer.body.details ?? []).map((d) => d.field);
    };
    expect(await bad(ballot(entries, [0]))).toEqual(['picks']);
    expect(await bad(ballot(entries, [0, 1, 2]))).toEqual(['picks', 'picks.2.rank']);
    expect(await bad({ picks: [{ entryId: entries[0]!.id, rank: 1 }, { entryId: entries[0]!.id, rank: 2 }] })).toEqual(['picks.1.entryId']);
    expect(await bad({ picks: [{ entryId: entries[0]!.id, rank: 1 }, { entryId: entries[1]!.id, rank: 1 }] })).toEqual(['picks.1.rank']);
    expect(await bad({ picks: [{ entryId: entries[0]!.id, rank: 1 }, { entryId: entries[1]!.id, rank: 3 }] })).toEqual(['picks.1.rank']);
    expect(await bad({ picks: [{ entryId: entries[0]!.id, rank: 1 }, { entryId: '7f0c1a52-6d0e-4f44-9d2b-3c1f6f1e9a11', rank: 2 }] })).toEqual(['picks.1.entryId']);
    expect(await bad({ picks: [{ entryId: 'not-an-id', rank: 1 }] })).toEqual(expect.arrayContaining(['picks.0.entryId']));
    expect(await bad({ picks: ballot(entries, [0, 1]).picks, extra: true })).toEqual(['extra']);
    expect(await bad({})).toEqual(['picks']);
    // Nothing of it was stored.
    expect(await query(platform, 'SELECT id FROM campaigns.ballots WHERE campaign_id = $1', [campaign.id])).toEqual([]);

    expect((await call(platform, 'POST', path, { token: voter!.token, body: ballot(entries, [2, 0]) })).status).toBe(201);
    expect(await call(platform, 'POST', path, { token: voter!.token, body: ballot(entries, [0, 1]) })).toMatchObject({ status: 409, body: { code: 'ALREADY_VOTED' } });

    data(await call(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} }));
    const [late] = await voters(platform, 1, 4);
    expect(await call(platform, 'POST', path, { token: late!.token, body: ballot(entries, [0, 1]) })).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_NOT_LIVE' } });

    // The campaigns service counted each ballot it was asked to cast by how it was answered (the
    // 401 never reached it; a body of the wrong shape is refused by its validation before the rules).
    const counted = await eventually('the late ballot counted', async () => {
      const now = await ballotsCounted();
      return (now['refused/not_live'] ?? 0) - (countedBefore['refused/not_live'] ?? 0) >= 2 ? now : undefined;
    });
    const moved = Object.fromEntries(Object.entries(counted).map(([series, value]) => [series, value - (countedBefore[series] ?? 0)]).filter(([, delta]) => delta !== 0));
    expect(moved).toEqual({
      'accepted/cast': 1,
      'refused/not_found': 1,
      'refused/not_live': 2,
      'refused/rank_too_low': 1,
      'refused/not_a_member': 1,
      'refused/invalid': 6, // the six bodies of the right shape that break the campaign's rules
      'refused/already_voted': 1,
    });
  });

  it('keeps settings and entries for drafts, and refuses what a state does not allow', async () => {
    const { campaign, entries } = await draft(platform, officer, { picksPerVoter: 3 }, ['One', 'Two']);
    expect(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} })).toMatchObject({ status: 400, body: { code: 'TOO_FEW_ENTRIES' } });
    const changed = data(await call<Campaign>(platform, 'PATCH', `/campaigns/${campaign.id}`, { token: officer, body: { picksPerVoter: 2, announcements: { chattiness: 'hype' } } }));
    expect(changed).toMatchObject({ picksPerVoter: 2, announcements: { enabled: true, chattiness: 'hype' } });
    expect(data(await call<Entry>(platform, 'PATCH', `/campaigns/${campaign.id}/entries/${entries[1]!.id}`, { token: officer, body: { name: 'Deux', sortOrder: 0 } }))).toMatchObject({ name: 'Deux', sortOrder: 0 });
    expect(await call(platform, 'PATCH', `/campaigns/${campaign.id}`, { token: officer, body: { startsAt: '2020-01-01T00:00:00Z' } })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'startsAt' }] } });
    expect(await call(platform, 'PATCH', `/campaigns/${campaign.id}`, { token: officer, body: { minRankToView: 5 } })).toMatchObject({ status: 400, body: { details: [{ field: 'minRankToView' }] } });
    expect(await call(platform, 'PATCH', `/campaigns/${campaign.id}`, { token: officer, body: { picksPerVoter: 11 } })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const member = platform.token({ rank: 2 });
    expect((await call(platform, 'PATCH', `/campaigns/${campaign.id}`, { token: member, body: { title: 'x' } })).status).toBe(403);

    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    const notDraft = { status: 409, body: { ok: false, code: 'CAMPAIGN_NOT_DRAFT' } };
    expect(await call(platform, 'PATCH', `/campaigns/${campaign.id}`, { token: officer, body: { title: 'Changed' } })).toMatchObject(notDraft);
    expect(await call(platform, 'POST', `/campaigns/${campaign.id}/entries`, { token: officer, body: { name: 'Three' } })).toMatchObject(notDraft);
    expect(await call(platform, 'PATCH', `/campaigns/${campaign.id}/entries/${entries[0]!.id}`, { token: officer, body: { name: 'Uno' } })).toMatchObject(notDraft);
    expect(await call(platform, 'DELETE', `/campaigns/${campaign.id}/entries/${entries[0]!.id}`, { token: officer })).toMatchObject(notDraft);
    expect(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} })).toMatchObject(notDraft);
    expect(await call(platform, 'DELETE', `/campaigns/${campaign.id}`, { token: officer })).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_LIVE' } });

    data(await call(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} }));
    expect(await call(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} })).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_NOT_LIVE' } });
    expect(await call(platform, 'DELETE', `/campaigns/${campaign.id}`, { token: officer })).toEqual({ status: 200, body: { ok: true, data: null } });
    expect((await call(platform, 'GET', `/campaigns/${campaign.id}`, { token: officer })).status).toBe(404);
  });

  it('stores exactly one ballot per member when 100 members send two each, all at once', async () => {
    const crowd = await voters(platform, 100, 2);
    const { campaign, entries } = await draft(platform, officer, { picksPerVoter: 2, earlyCloseWhenAllVoted: false });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    const answers = await Promise.all(
      crowd.flatMap((voter, i) => [
        call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: voter.token, body: ballot(entries, i % 2 ? [0, 1] : [1, 2]) }),
        call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: voter.token, body: ballot(entries, [2, 0]) }),
      ]),
    );
    const outcomes = answers.map((a) => `${a.status} ${a.body.ok ? 'ok' : a.body.code}`);
    expect(outcomes.filter((o) => o === '201 ok')).toHaveLength(100);
    expect(outcomes.filter((o) => o === '409 ALREADY_VOTED')).toHaveLength(100);
    const [stored] = await query<{ ballots: number; members: number; picks: number }>(
      platform,
      `SELECT count(*)::int AS ballots, count(DISTINCT person_id)::int AS members,
              (SELECT count(*)::int FROM campaigns.ballot_picks p JOIN campaigns.ballots b ON b.id = p.ballot_id WHERE b.campaign_id = $1) AS picks
         FROM campaigns.ballots WHERE campaign_id = $1`,
      [campaign.id],
    );
    expect(stored).toEqual({ ballots: 100, members: 100, picks: 200 });
    expect(data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`)).stats.voted).toBe(100);
    const closed = data(await call<Campaign>(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} }));
    const results = data(await call<CampaignResults>(platform, 'GET', `/campaigns/${campaign.id}/results`));
    expect(results.voted).toBe(100);
    expect(results.entries.reduce((sum, e) => sum + e.points, 0)).toBe(300);
    expect(closed.stats.voted).toBe(100);
  });

  it('counts a ballot racing the close or refuses it, never loses one nor counts it after the results', async () => {
    const crowd = await voters(platform, 60, 2);
    const { campaign, entries } = await draft(platform, officer, { picksPerVoter: 1, earlyCloseWhenAllVoted: false });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    const casting = crowd.map((voter, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 3)).then(() =>
        call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: voter.token, body: ballot(entries, [i % 3]) }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    const close = call<Campaign>(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} });
    const answers = await Promise.all(casting);
    expect((await close).status).toBe(200);
    const outcomes = answers.map((a) => `${a.status} ${a.body.ok ? 'ok' : a.body.code}`);
    expect(outcomes.filter((o) => o !== '201 ok' && o !== '409 CAMPAIGN_NOT_LIVE')).toEqual([]);
    const accepted = outcomes.filter((o) => o === '201 ok').length;
    const results = data(await call<CampaignResults>(platform, 'GET', `/campaigns/${campaign.id}/results`));
    const [stored] = await query<{ n: number }>(platform, 'SELECT count(*)::int AS n FROM campaigns.ballots WHERE campaign_id = $1', [campaign.id]);
    // Every accepted ballot is in the final results, and nothing else is stored.
    expect({ results: results.voted, stored: stored?.n }).toEqual({ results: accepted, stored: accepted });
    expect(results.entries.reduce((sum, e) => sum + (e.placeCounts[0] ?? 0), 0)).toBe(accepted);
  });

  it('shows live standings only to those who voted, and results to everyone once a public campaign closed', async () => {
    const [voter, other] = (await voters(platform, 2, 2)) as [Voter, Voter];
    const { campaign, entries } = await draft(platform, officer, { picksPerVoter: 1, earlyCloseWhenAllVoted: false, method: 'instant_runoff' });
    expect(await call(platform, 'GET', `/campaigns/${campaign.id}/results`, { token: officer })).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_NOT_LIVE' } });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    const voteFirst = { status: 403, body: { ok: false, code: 'VOTE_FIRST' } };
    expect(await call(platform, 'GET', `/campaigns/${campaign.id}/results`, { token: voter.token })).toMatchObject(voteFirst);
    expect(await call(platform, 'GET', `/campaigns/${campaign.id}/results`)).toMatchObject(voteFirst);
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: voter.token, body: ballot(entries, [1]) }));
    const live = data(await call<CampaignResults>(platform, 'GET', `/campaigns/${campaign.id}/results`, { token: voter.token }));
    expect(live).toMatchObject({ final: false, method: 'instant_runoff', voted: 1, winnerIds: [entries[1]!.id] });
    expect(live.entries).toHaveLength(3);
    expect(await call(platform, 'GET', `/campaigns/${campaign.id}/results`, { token: other.token })).toMatchObject(voteFirst);
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} }));
    for (const token of [undefined, other.token]) {
      const final = data(await call<CampaignResults>(platform, 'GET', `/campaigns/${campaign.id}/results`, { token }));
      expect(final).toMatchObject({ final: true, voted: 1, winnerIds: [entries[1]!.id] });
      expect(final.rounds?.length).toBeGreaterThanOrEqual(1);
    }
    // A bad token on a public route is a 401, not anonymity.
    expect((await call(platform, 'GET', `/campaigns/${campaign.id}/results`, { token: `${other.token.slice(0, -4)}AAAA` })).status).toBe(401);
  });

  it('hides a rank-gated campaign from those below its rank: not found, not listed', async () => {
    const [member] = await voters(platform, 1, 2);
    const veteran = platform.token({ rank: 3, username: 'veteran' });
    const { campaign, entries } = await draft(platform, officer, { minRankToView: 3, minRankToVote: 2, picksPerVoter: 1 });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    for (const token of [member!.token, undefined]) {
      expect(await call(platform, 'GET', `/campaigns/${campaign.id}`, { token })).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
      expect((await call(platform, 'GET', `/campaigns/${campaign.id}/results`, { token })).status).toBe(404);
      expect(data(await call<Page<Campaign>>(platform, 'GET', '/campaigns?status=live&limit=500', { token })).items.map((c) => c.id)).not.toContain(campaign.id);
    }
    expect((await call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: member!.token, body: ballot(entries, [0]) })).status).toBe(404);
    expect((await call(platform, 'GET', `/campaigns/${campaign.id}/ballots/mine`, { token: member!.token })).status).toBe(404);
    expect(data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`, { token: veteran })).id).toBe(campaign.id);
    expect(data(await call<Page<Campaign>>(platform, 'GET', '/campaigns?status=live&limit=500', { token: veteran })).items.map((c) => c.id)).toContain(campaign.id);
    // Drafts are invisible to non-officers even when public.
    const other = await draft(platform, officer, {});
    expect((await call(platform, 'GET', `/campaigns/${other.campaign.id}`)).status).toBe(404);
    expect(data(await call<Page<Campaign>>(platform, 'GET', '/campaigns?status=draft')).items).toEqual([]);
  });

  it('closes early when the last eligible voter votes, after the all-voted milestone', async () => {
    // Guild Leaders: no other test makes any, so these two are every eligible voter.
    guildLeaders = await voters(platform, 2, 5);
    const [first, last] = guildLeaders as [Voter, Voter];
    const { campaign, entries } = await draft(platform, leader, { minRankToVote: 5, picksPerVoter: 2, announcements: { chattiness: 'quiet' } });
    const opened = data(await call<Campaign>(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: leader, body: {} }));
    expect(opened.stats).toEqual({ eligible: 2, voted: 0, percentVoted: 0 });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: first.token, body: ballot(entries, [0, 1]) }));
    expect(data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`)).status).toBe('live');
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: last.token, body: ballot(entries, [2, 1]) }));
    const closed = data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`));
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'all_voted', stats: { eligible: 2, voted: 2, percentVoted: 100 } });
    const events = await outbox(platform, campaign.id);
    const keys = events.map((e) => (e.payload['key'] as string | undefined) ?? e.subject.split('.').pop());
    expect(keys.slice(-2)).toEqual(['all_voted', 'campaign-closed']);
    expect(events.map((e) => e.payload['sequence'])).toEqual(events.map((_, i) => i + 1));
    // A quiet campaign where everyone voted still gets its results event.
    expect(events.at(-1)?.payload).toMatchObject({ reason: 'all_voted', allVoted: true, announcements: { chattiness: 'quiet' }, results: { final: true, voted: 2, eligible: 2 } });
  });

  it('announces a lead change from the first change of leader on, a tie in between being none', async () => {
    const crowd = await voters(platform, 5, 2);
    const { campaign, entries } = await draft(platform, officer, { picksPerVoter: 1, earlyCloseWhenAllVoted: false, announcements: { chattiness: 'hype' } });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    // A leads; B ties; B leads (the first change); A ties; A leads again (the second).
    for (const [voter, choice] of [0, 1, 1, 0, 0].map((choice, i) => [crowd[i]!, choice] as const)) {
      data(await call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: voter.token, body: ballot(entries, [choice]) }));
    }
    const changes = (await outbox(platform, campaign.id)).filter((e) => e.payload['milestone'] === 'lead_change').map((e) => e.payload);
    expect(changes.map((c) => [c['key'], (c['previousLeader'] as { name: string }).name, (c['leader'] as { name: string }).name])).toEqual([
      ['lead_change:1', 'Red', 'Green'],
      ['lead_change:2', 'Green', 'Red'],
    ]);
    expect(changes[0]).toMatchObject({ announcements: { chattiness: 'hype' }, counts: { voted: 3 } });
  });

  it('closes early at the last eligible voter even amid a crowd of ballots, refusing those after the close', async () => {
    // Every Guild Leader the projection knows (eligible), and members it has not heard of yet whose
    // tokens say Guild Leader: they may vote, but "all voted" waits for the eligible ones only.
    guildLeaders = [...guildLeaders, ...(await voters(platform, 30, 5))];
    const strangers = Array.from({ length: 10 }, (_, i) => platform.token({ rank: 5, personId: randomUUID(), username: `stranger${i}` }));
    const { campaign, entries } = await draft(platform, leader, { minRankToVote: 5, picksPerVoter: 1 });
    expect(data(await call<Campaign>(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: leader, body: {} })).stats.eligible).toBe(32);
    const tokens = [...guildLeaders.map((v) => ({ token: v.token, eligible: true })), ...strangers.map((token) => ({ token, eligible: false }))];
    const shuffled = tokens.map((t, i) => ({ ...t, order: (i * 17) % tokens.length })).sort((a, b) => a.order - b.order);
    const answers = await Promise.all(
      shuffled.map(async (t, i) => ({ ...t, answer: await call(platform, 'POST', `/campaigns/${campaign.id}/ballots`, { token: t.token, body: ballot(entries, [i % 3]) }) })),
    );
    const outcome = (a: (typeof answers)[number]) => `${a.answer.status} ${a.answer.body.ok ? 'ok' : a.answer.body.code}`;
    expect(answers.filter((a) => a.eligible).map(outcome)).toEqual(Array(32).fill('201 ok'));
    expect(answers.filter((a) => !a.eligible).map(outcome).filter((o) => o !== '201 ok' && o !== '409 CAMPAIGN_NOT_LIVE')).toEqual([]);
    const accepted = answers.filter((a) => a.answer.status === 201).length;
    const closed = data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`));
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'all_voted', stats: { eligible: 32, voted: accepted } });
    const [stored] = await query<{ n: number }>(platform, 'SELECT count(*)::int AS n FROM campaigns.ballots WHERE campaign_id = $1', [campaign.id]);
    expect(stored?.n).toBe(accepted);
    expect(data(await call<CampaignResults>(platform, 'GET', `/campaigns/${campaign.id}/results`)).voted).toBe(accepted);
    const events = await outbox(platform, campaign.id);
    expect(events.map((e) => e.payload['sequence'])).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.payload['key'] === 'all_voted')).toHaveLength(1);
    expect(events.at(-1)?.payload).toMatchObject({ reason: 'all_voted', allVoted: true, results: { voted: accepted, eligible: 32 } });
  });

  it('lists the live votes, soonest to close first, for the Discord bot’s slash commands (and only to the bot)', async () => {
    const soon = await draft(platform, officer, { durationHours: 2, picksPerVoter: 1, minRankToView: 3 });
    const later = await draft(platform, officer, { durationHours: 700, picksPerVoter: 1 });
    const still = await draft(platform, officer, { durationHours: 1, picksPerVoter: 1 });
    for (const { campaign } of [later, soon]) data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    const ask = async (user: PlatformApp) => {
      const client = await clientAs(platform, user, `slash-${user}`, 3_000);
      try {
        return await client.send(Requests.LiveCampaignsList, {});
      } finally {
        await client.onApplicationShutdown();
      }
    };
    const live: LiveCampaign[] = await ask('discord-bot');
    const ours = live.filter((c) => [soon, later, still].some((d) => d.campaign.id === c.id));
    expect(ours.map((c) => c.id)).toEqual([soon.campaign.id, later.campaign.id]);
    expect(ours[0]).toMatchObject({ title: 'The new tabard', minRankToView: 3, path: `/votes/${soon.campaign.id}`, stats: { voted: 0 } });
    const ends = live.map((c) => c.endsAt);
    expect(ends).toEqual([...ends].sort());
    // The bus lets only the bot ask.
    await expect(ask('identity')).rejects.toThrow();
  });
});

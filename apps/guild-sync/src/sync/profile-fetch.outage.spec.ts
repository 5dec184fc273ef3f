// Blizzard going down in the middle of a run, through the real HTTP client against the Blizzard
// stand-in: the profile fetch stops after a few failed calls in a row instead of asking for every
// other profile, each after its retries.
import { BlizzardStandIn, generateGuild } from '@patt/testing';
import { BlizzardClient, type GuildRosterMember } from '../blizzard';
import { BlizzardOutage, fetchProfiles } from './profile-fetch';

const CLIENT_ID = 'outage-test-client';
const CLIENT_SECRET = 'outage-test-secret';
const GUILD_SIZE = 200;
const CONCURRENCY = 4;
const MAX_FAILURES = 5;

describe('fetchProfiles when Blizzard goes down mid-run', () => {
  let blizzard: BlizzardStandIn;
  let client: BlizzardClient;
  let members: GuildRosterMember[];

  beforeEach(async () => {
    blizzard = await BlizzardStandIn.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      guild: generateGuild({ size: GUILD_SIZE, seed: 11 }),
      ratePerSecond: 0,
      ratePerHour: 0,
    });
    client = new BlizzardClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      apiUrl: blizzard.url,
      oauthUrl: blizzard.oauthUrl,
      ratePerSecond: 1000,
      maxRetries: 2,
      backoff: { baseDelayMs: 5, maxDelayMs: 20 },
      logger: { debug: () => undefined, warn: () => undefined },
    });
    const guild = blizzard.guild.members()[0]!;
    members = (await client.getGuildRoster(guild.realm.slug, blizzard.guild.name)).members;
    expect(members).toHaveLength(GUILD_SIZE);
    blizzard.resetStats();
  });

  afterEach(async () => {
    client.close();
    await blizzard.close();
  });

  it('stops after 5 server errors in a row, with the reason and how far it got, not after every profile', async () => {
    let settled = 0;
    const fetching = fetchProfiles(client, members, {
      concurrency: CONCURRENCY,
      maxConsecutiveFailures: MAX_FAILURES,
      lastModifiedOf: () => null,
      onSettled: () => {
        // Blizzard answers the first 30 profiles, then nothing but 5xx.
        if (++settled === 30) blizzard.faults.set({ serverErrorRate: 1 });
      },
    });

    const error = await fetching.then(
      () => null,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(BlizzardOutage);
    const outage = error as BlizzardOutage;
    expect(outage).toMatchObject({ failures: MAX_FAILURES, total: GUILD_SIZE, lastError: expect.objectContaining({ kind: 'server' }) });
    expect(outage.settled).toBeGreaterThanOrEqual(30);
    expect(outage.settled).toBeLessThan(30 + CONCURRENCY + MAX_FAILURES);
    expect(outage.message).toMatch(
      new RegExp(`^Blizzard failed 5 profile calls in a row \\(the last: Blizzard answered HTTP 50\\d for .+ after 3 attempts\\), so the run stopped after ${outage.settled} of 200 profiles; the roster was left as it was before the run\\. Try again once Blizzard answers\\.$`),
    );
    // What was asked of Blizzard: the 30 answered and, of the rest, no more than were in flight
    // when the fifth failure came (each with its retries), far from the other 170.
    const { profile } = blizzard.stats();
    expect(profile.ok).toBeGreaterThanOrEqual(30);
    expect(profile.requests - profile.ok).toBeLessThanOrEqual((MAX_FAILURES + CONCURRENCY) * 3);
    expect(profile.requests).toBeLessThan(80);
  });

  it('stops when Blizzard stops answering at all (connection refused), the same way', async () => {
    let settled = 0;
    let closing: Promise<void> | null = null;
    const error = await fetchProfiles(client, members, {
      concurrency: CONCURRENCY,
      maxConsecutiveFailures: MAX_FAILURES,
      lastModifiedOf: () => null,
      onSettled: () => {
        if (++settled === 20) closing = blizzard.close();
      },
    }).then(
      () => null,
      (rejection: unknown) => rejection,
    );
    await closing;
    expect(error).toBeInstanceOf(BlizzardOutage);
    expect(error).toMatchObject({ failures: MAX_FAILURES, lastError: expect.objectContaining({ kind: expect.stringMatching(/^(network|timeout)$/) }) });
    expect((error as BlizzardOutage).settled).toBeLessThan(20 + CONCURRENCY + MAX_FAILURES);
    // afterEach closes it again: a second close must be harmless.
  });

  it('goes through a bad patch shorter than the limit: every profile settled, the failed ones unreadable', async () => {
    // About one call in five fails even after its retries (0.6³); with this seed never five in a row.
    blizzard.faults.set({ serverErrorRate: 0.6, seed: 3 });
    const outcomes = await fetchProfiles(client, members, { concurrency: 1, maxConsecutiveFailures: MAX_FAILURES, lastModifiedOf: () => null });
    const kinds = members.map((member) => outcomes.get(member.id)?.kind);
    expect(kinds).toHaveLength(GUILD_SIZE);
    // Failures in a row, in the order they were asked (one at a time): some, never five.
    const streaks = kinds.join(',').split(/,?(?:fetched|not-modified|missing),?/).map((run) => (run === '' ? 0 : run.split(',').length));
    expect(Math.max(...streaks)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...streaks)).toBeLessThan(MAX_FAILURES);
  });
});

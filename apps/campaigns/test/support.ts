import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Campaign, CampaignInput, Entry, Events, RankLevel } from '@patt/contracts';
import { publishEvent, TestPlatform } from '@patt/testing';

export interface Voter {
  userId: string;
  personId: string;
  rank: RankLevel;
  token: string;
}

export interface Answer<T = unknown> {
  status: number;
  body: { ok: true; data: T } | { ok: false; error: string; code: string; details?: Array<{ field: string; problems: string[] }> };
}

/** Calls the gateway; the answer's status and envelope. */
export async function call<T = unknown>(platform: TestPlatform, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Answer<T>> {
  const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Answer<T>['body'] };
}

/** The data of a successful answer; fails the test with the envelope otherwise. */
export function data<T>(answer: Answer<T>): T {
  if (!answer.body.ok) throw new Error(`expected success, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data;
}

/**
 * Members with enabled accounts, as identity and auth announce them (member-matched with the rank,
 * user-registered), once the campaigns service has them in its projection, each with a token.
 */
export async function voters(platform: TestPlatform, count: number, rank: RankLevel): Promise<Voter[]> {
  const made: Voter[] = Array.from({ length: count }, (_, i) => {
    const userId = randomUUID();
    const personId = randomUUID();
    return { userId, personId, rank, token: platform.token({ userId, personId, rank, username: `voter${rank}-${i}` }) };
  });
  for (let i = 0; i < made.length; i += 20) {
    await Promise.all(
      made.slice(i, i + 20).map(async (voter) => {
        await publishEvent(platform.bus, Events.MemberMatched, {
          personId: voter.personId,
          discordUserId: null,
          discordUsername: null,
          characterIds: [],
          method: 'exact_name',
          score: 1,
          rank: { level: rank, name: RankLevel[rank] },
        });
        await publishEvent(platform.bus, Events.UserRegistered, { userId: voter.userId, personId: voter.personId, username: voter.userId });
      }),
    );
  }
  await waitFor(platform, async (db) => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM campaigns.accounts a JOIN campaigns.members m USING (person_id) WHERE a.user_id = ANY($1::uuid[])`,
      [made.map((v) => v.userId)],
    );
    return rows[0]?.n === count;
  }, `the campaigns service never heard of ${count} voters`);
  return made;
}

/** Polls the database (as the admin) until `done` holds. */
export async function waitFor(platform: TestPlatform, done: (db: Client) => Promise<boolean>, failure: string, timeoutMs = 30_000): Promise<void> {
  const db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await done(db)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await db.end();
  }
  throw new Error(failure);
}

/** Runs one query as the admin. */
export async function query<R extends object>(platform: TestPlatform, sql: string, params: unknown[] = []): Promise<R[]> {
  const db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  try {
    return (await db.query<R>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

/** A draft starting in an hour, with entries, made by an officer. */
export async function draft(
  platform: TestPlatform,
  officer: string,
  input: Partial<CampaignInput> = {},
  entryNames: string[] = ['Red', 'Green', 'Blue'],
): Promise<{ campaign: Campaign; entries: Entry[] }> {
  const campaign = data(
    await call<Campaign>(platform, 'POST', '/campaigns', {
      token: officer,
      body: {
        title: 'The new tabard',
        minRankToVote: 1,
        minRankToView: null,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        durationHours: 48,
        ...input,
      },
    }),
  );
  const entries: Entry[] = [];
  for (const name of entryNames) entries.push(data(await call<Entry>(platform, 'POST', `/campaigns/${campaign.id}/entries`, { token: officer, body: { name } })));
  return { campaign, entries };
}

/** The events a campaign emitted, in outbox order. */
export async function outbox(platform: TestPlatform, campaignId: string): Promise<Array<{ subject: string; payload: Record<string, unknown> }>> {
  return query(platform, `SELECT subject, payload FROM campaigns.outbox WHERE payload->>'campaignId' = $1 ORDER BY seq`, [campaignId]);
}

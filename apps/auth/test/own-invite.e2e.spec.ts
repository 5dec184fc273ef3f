// A member's own invite (auth.invites.request-own, the Discord bot's /get-account) and the bot's
// actor on the officers' invite: sent with the bot's own NATS user, as the bot sends them, so
// every case goes through the bus's permissions and auth's own checks of the actor.
import { Client } from 'pg';
import { Actor, ErrorCode, RankLevel, Requests } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { memberKnownToAuth, TestPlatform } from '@patt/testing';
import { AuthForTheBot, botActorOf, refusal, startAuthForTheBot } from './support/bot-requests';

jest.setTimeout(120_000);

describe('invites the Discord bot asks for, for the member who invoked a slash command', () => {
  let suite: AuthForTheBot;
  let platform: TestPlatform;
  let db: Client;
  let bot: ServiceClient;

  beforeAll(async () => {
    suite = await startAuthForTheBot('own-invite-test-bot');
    ({ platform, db, bot } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  /** A member auth knows, of a rank, and the bot's actor for them (claiming `claimed` as their rank). */
  async function member(username: string, level: RankLevel = RankLevel.Member, claimed: RankLevel = level): Promise<Actor> {
    const personId = await memberKnownToAuth(platform, { discordUsername: username, rank: { level, name: RankLevel[level] } });
    return botActorOf(db, personId, username, claimed);
  }
  const ownInvite = (actor: Actor | null) => bot.send(Requests.InvitesRequestOwn, {}, { actor });
  const windows = async (personId: string) =>
    (await db.query<{ n: number }>(`SELECT coalesce(sum(cardinality(attempts)), 0)::int AS n FROM auth.throttle_windows WHERE key LIKE $1`, [`own-invite:%${personId}`]))
      .rows[0]!.n;

  it('makes the officers’ invite, by no one, for 72 hours, announced for its DM; the code is not answered', async () => {
    const actor = await member('raistlin');
    const before = Date.now();
    const invite = await ownInvite(actor);
    expect(Object.keys(invite).sort()).toEqual(['expiresAt', 'inviteId']);
    expect(new Date(invite.expiresAt).getTime() - before).toBeGreaterThan(71.9 * 3_600_000);
    const { rows } = await db.query<{ person_id: string; created_by: string | null; sealed_code: string | null }>(
      'SELECT person_id, created_by, sealed_code FROM auth.invites WHERE id = $1',
      [invite.inviteId],
    );
    expect(rows).toEqual([{ person_id: actor.personId, created_by: null, sealed_code: expect.any(String) }]);
    const { rows: outbox } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth.outbox WHERE subject = 'patt.auth.invite-created' AND payload::text LIKE $1`, [
      `%${invite.inviteId}%`,
    ]);
    expect(outbox[0]?.n).toBe(1);
  });

  it('throttles a member: one in 10 minutes, and a refusal does not count', async () => {
    const actor = await member('caramon');
    await ownInvite(actor);
    const again = await refusal(ownInvite(actor));
    expect(again.body.code).toBe(ErrorCode.RateLimited);
    expect(again.body.message).toMatch(/^Too many attempts; try again in \d+ seconds\.$/);
    // The one invite made counts in both windows (10 minutes, a day); the refused one in neither.
    const counted = await windows(actor.personId as string);
    expect(counted).toBe(2);
    // Another Discord user's request for this member is refused before it counts.
    const impostor = await refusal(ownInvite({ ...actor, discordUserId: '999999999999999999' }));
    expect([impostor.body.code, impostor.body.message]).toEqual([ErrorCode.Forbidden, 'Your Discord account is not the one linked to your member; ask an officer.']);
    expect(await windows(actor.personId as string)).toBe(counted);
  });

  it('refuses a request with no member, or no actor at all', async () => {
    const actor = await member('tika');
    expect((await refusal(ownInvite({ ...actor, personId: null }))).body.code).toBe(ErrorCode.Forbidden);
    expect((await refusal(ownInvite(null))).body.code).toBe(ErrorCode.Unauthenticated);
  });

  it('says a member with an account has one, and one whose account is disabled that it is', async () => {
    const actor = await member('tanis');
    const invite = await ownInvite(actor);
    const code = await bot.send(Requests.InvitesClaimForDelivery, { inviteId: invite.inviteId }, { actor: null });
    if (code.status !== 'deliver') throw new Error('no code to deliver');
    const registered = await fetch(`${platform.gatewayUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: code.code, username: 'tanis', password: 'half-elven ranger' }),
    });
    expect(registered.status).toBe(201);
    const has = await refusal(ownInvite(actor));
    expect([has.body.code, has.body.message]).toEqual([
      ErrorCode.Conflict,
      'You already have an account: sign in with it (/reset-password sends a link if you forgot the password).',
    ]);
    await db.query(`UPDATE auth.users SET disabled_at = now(), disabled_reason = 'test', disabled_cause = 'officer' WHERE person_id = $1`, [actor.personId]);
    expect((await refusal(ownInvite(actor))).body.message).toBe('You have an account, and it is disabled; an officer can enable it.');
  });

  it('judges the bot’s actor on an officer’s invite by the rank auth holds for the person, not the rank claimed', async () => {
    const target = await member('flint');
    // Claims Officer; auth holds Member for the person: refused by the rank rules.
    const pretender = await member('sturm', RankLevel.Member, RankLevel.Officer);
    const refused = await refusal(bot.send(Requests.InvitesCreate, { personId: target.personId as string, expiresInHours: 24 }, { actor: pretender }));
    expect([refused.body.code, refused.body.message]).toEqual([ErrorCode.Forbidden, 'Only officers and the Guild Leader may invite a member.']);
    // An Officer auth knows as one invites a Member; the invite has no creator id (none was known).
    const officer = await member('laurana', RankLevel.Officer);
    const invite = await bot.send(Requests.InvitesCreate, { personId: target.personId as string, expiresInHours: 24 }, { actor: officer });
    expect(invite.code).toEqual(expect.any(String));
    const { rows } = await db.query<{ created_by: string | null }>('SELECT created_by FROM auth.invites WHERE person_id = $1', [target.personId]);
    expect(rows).toEqual([{ created_by: null }]);
  });
});

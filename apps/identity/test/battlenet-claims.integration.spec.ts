import { randomUUID } from 'node:crypto';
import { BattlenetCharacter, Events, RosterCharacter } from '@patt/contracts';
import { BattlenetClaimsService } from '../src/battlenet/battlenet-claims.service';
import { LinksService } from '../src/links/links.service';
import { IdentityDriver } from './support/driver';
import { discordMember, rosterCharacter } from './support/factories';
import { IdentityHarness, startIdentity } from './support/harness';

jest.setTimeout(60_000);

const ACCOUNT = { id: 424242, battletag: 'Bob#1234' };

function onAccount(c: RosterCharacter, wowAccountId = 1): BattlenetCharacter {
  return { blizzardId: c.blizzardId, name: c.name, realmSlug: c.realmSlug, realmName: c.realmName, level: c.level, wowAccountId };
}

describe('Battle.net claims through persistence', () => {
  let h: IdentityHarness;
  let drive: IdentityDriver;
  const bob = rosterCharacter({ name: 'Bob' });
  const trog = rosterCharacter({ name: 'Trog' });
  const bobUser = discordMember({ username: 'bob' });
  const trogUser = discordMember({ username: 'trog' });

  const claims = () => h.get(BattlenetClaimsService);
  const personOf = async (username: string): Promise<string> =>
    (await h.sql<{ person_id: string }>('SELECT l.person_id FROM links l JOIN discord_members d ON d.user_id = l.discord_user_id WHERE d.username = $1', [username]))[0]!
      .person_id;
  const linkOf = async (characterId: string) =>
    (await h.sql<{ person_id: string; method: string; evidence: { summary: string; facts: Array<Record<string, unknown>> } }>(
      'SELECT person_id, method, evidence FROM links WHERE character_id = $1',
      [characterId],
    ))[0];
  const openIssues = () => h.sql<{ type: string; character_id: string; person_id: string; summary: string }>(`SELECT type, character_id, person_id, summary FROM integrity_issues WHERE resolved_at IS NULL AND type = 'claim_conflict'`);

  /** Bob and Trog, each a member by exact name. */
  async function twoMembers(): Promise<{ bobId: string; trogId: string }> {
    await drive.roster([bob, trog]);
    await drive.discord([bobUser, trogUser]);
    await drive.run();
    return { bobId: await personOf('bob'), trogId: await personOf('trog') };
  }

  beforeAll(async () => {
    h = await startIdentity();
    drive = new IdentityDriver(h);
  });
  beforeEach(async () => h.reset());
  afterAll(async () => h?.stop());

  it('links the guild characters of the account to the member, with evidence naming the account, and takes them from automatic links', async () => {
    const { bobId, trogId } = await twoMembers();
    expect((await linkOf(trog.characterId))).toMatchObject({ person_id: trogId, method: 'exact_name' });
    await h.clearOutbox();

    const result = await claims().claim({ personId: bobId, userId: randomUUID(), account: ACCOUNT, characters: [onAccount(bob), onAccount(trog, 2)] });

    expect(result).toEqual({ linked: 2, unchanged: 0, waiting: 0, conflicts: 0 });
    const link = await linkOf(trog.characterId);
    expect(link).toMatchObject({ person_id: bobId, method: 'battlenet' });
    expect(link!.evidence.summary).toContain('Bob#1234');
    expect(link!.evidence.facts).toEqual([
      expect.objectContaining({ kind: 'battlenet_account', battletag: 'Bob#1234', battlenetAccountId: ACCOUNT.id, blizzardCharacterId: trog.blizzardId, wowAccountId: 2 }),
    ]);
    expect(await linkOf(bob.characterId)).toMatchObject({ person_id: bobId, method: 'battlenet' });
    const [claimed] = await h.emitted(Events.CharactersClaimed);
    expect(claimed!.payload).toMatchObject({ personId: bobId, battletag: 'Bob#1234', linkedCharacterIds: expect.arrayContaining([bob.characterId, trog.characterId]) });
    // No token or code of Blizzard's in what was announced.
    expect(JSON.stringify(await h.emitted())).not.toMatch(/access_token|accessToken/);

    // A matching run afterwards keeps the claim: the engine never undoes a stored link.
    await drive.run();
    expect(await linkOf(trog.characterId)).toMatchObject({ person_id: bobId, method: 'battlenet' });
    expect((await drive.members()).find((m) => m.id === trogId)?.characterIds ?? []).toEqual([]);
  });

  it('never overrides an officer’s link: the contradiction becomes a claim_conflict issue, resolved once the officer removes the link', async () => {
    const { bobId, trogId } = await twoMembers();
    // An officer says Trog is the member of trog.
    await h.as(() => h.get(LinksService).create({ personId: trogId, characterId: trog.characterId }));
    const officerLink = await linkOf(trog.characterId);
    expect(officerLink).toMatchObject({ person_id: trogId, method: 'manual' });

    const result = await claims().claim({ personId: bobId, userId: randomUUID(), account: ACCOUNT, characters: [onAccount(trog)] });
    expect(result).toEqual({ linked: 0, unchanged: 0, waiting: 0, conflicts: 1 });
    expect(await linkOf(trog.characterId)).toMatchObject({ person_id: trogId, method: 'manual' });

    await drive.run();
    const issues = await openIssues();
    expect(issues).toEqual([expect.objectContaining({ character_id: trog.characterId, person_id: bobId })]);
    expect(issues[0]!.summary).toMatch(/Bob#1234.*an officer linked it to/);

    // The officer removes their link: the next run lets the claim link it, and the issue resolves.
    const [{ id }] = await h.sql<{ id: string }>('SELECT id FROM links WHERE character_id = $1', [trog.characterId]);
    await h.as(() => h.get(LinksService).remove(id!));
    await drive.run();
    expect(await linkOf(trog.characterId)).toMatchObject({ person_id: bobId, method: 'battlenet' });
    expect(await openIssues()).toEqual([]);
  });

  it('never overrides a rejection of the character for the member’s Discord user', async () => {
    const { bobId } = await twoMembers();
    await h.sql(
      `INSERT INTO suggestions (id, character_id, discord_user_id, status, score, reason, source) VALUES ($1, $2, $3, 'rejected', 0, 'not them', 'fuzzy')`,
      [randomUUID(), trog.characterId, bobUser.userId],
    );
    const result = await claims().claim({ personId: bobId, userId: randomUUID(), account: ACCOUNT, characters: [onAccount(trog)] });
    expect(result.conflicts).toBe(1);
    expect(await linkOf(trog.characterId)).toMatchObject({ method: 'exact_name' });
    await drive.run();
    expect(await openIssues()).toEqual([expect.objectContaining({ character_id: trog.characterId, person_id: bobId })]);
    expect((await openIssues())[0]!.summary).toContain('an officer rejected it');
  });

  it('remembers a character not in the guild and links it when the roster brings it', async () => {
    const { bobId } = await twoMembers();
    const newcomer = rosterCharacter({ name: 'Newcomer', realmSlug: 'senjin' });
    const result = await claims().claim({ personId: bobId, userId: randomUUID(), account: ACCOUNT, characters: [onAccount(bob), onAccount(newcomer)] });
    expect(result).toEqual({ linked: 1, unchanged: 0, waiting: 1, conflicts: 0 });
    const mine = await h.as(() => claims().mine(), { personId: bobId, rank: 2 });
    expect(mine.characters.map((c) => [c.name, c.status]).sort()).toEqual([
      ['Bob', 'linked'],
      ['Newcomer', 'waiting'],
    ]);

    await drive.roster([bob, trog, newcomer]);
    await drive.run();
    expect(await linkOf(newcomer.characterId)).toMatchObject({ person_id: bobId, method: 'battlenet' });
  });

  it('refuses a Battle.net account another member linked', async () => {
    const { bobId, trogId } = await twoMembers();
    await claims().claim({ personId: bobId, userId: randomUUID(), account: ACCOUNT, characters: [] });
    await expect(claims().claim({ personId: trogId, userId: randomUUID(), account: ACCOUNT, characters: [onAccount(trog)] })).rejects.toMatchObject({
      body: expect.objectContaining({ code: 'CONFLICT' }),
    });
  });

  it('shows officers the coverage, members without a link first, and queues reminders once a day', async () => {
    const { bobId, trogId } = await twoMembers();
    await claims().claim({ personId: bobId, userId: randomUUID(), account: ACCOUNT, characters: [onAccount(bob)] });
    const page = await claims().coverage({ limit: 50, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => [i.personId, i.linkedAt !== null, i.characters, i.claimedCharacters])).toEqual([
      [trogId, false, 1, 0],
      [bobId, true, 1, 1],
    ]);
    expect((await claims().coverage({ linked: false, limit: 50, offset: 0 })).items.map((i) => i.personId)).toEqual([trogId]);

    await h.clearOutbox();
    expect(await h.as(() => claims().remind({}))).toEqual({ queued: 1, skipped: 0 });
    const [reminder] = await h.emitted(Events.BattlenetRemindersRequested);
    expect(reminder!.payload.members).toEqual([{ personId: trogId, discordUserId: trogUser.userId, displayName: expect.any(String) }]);
    // Again the same day: nobody is reminded twice.
    expect(await h.as(() => claims().remind({ personIds: [trogId, bobId] }))).toEqual({ queued: 0, skipped: 2 });
  });
});

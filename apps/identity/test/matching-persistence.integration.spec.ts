import { Events, RankLevel } from '@patt/contracts';
import { ConflictsService } from '../src/conflicts/conflicts.service';
import { LinksService } from '../src/links/links.service';
import { MembersService } from '../src/members/members.service';
import { RanksService } from '../src/ranks/ranks.service';
import { UserRegisteredHandler } from '../src/members/user-registered.handler';
import { IdentityRuns } from '../src/runs/identity-runs.service';
import { SuggestionsService } from '../src/suggestions/suggestions.service';
import { IdentityDriver } from './support/driver';
import { change, daysAgo, discordMember, envelope, rosterCharacter } from './support/factories';
import { IdentityHarness, startIdentity } from './support/harness';

jest.setTimeout(60_000);

describe('matching runs through persistence', () => {
  let h: IdentityHarness;
  let drive: IdentityDriver;
  const openSuggestions = () =>
    h.sql<{ id: string; character_id: string; discord_user_id: string }>(`SELECT id, character_id, discord_user_id FROM suggestions WHERE status = 'open' ORDER BY id`);

  beforeAll(async () => {
    h = await startIdentity();
    drive = new IdentityDriver(h);
  });
  beforeEach(async () => h.reset());
  afterAll(async () => h?.stop());

  it('links a character to the Discord user of the same name and announces the member once', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const user = discordMember({ username: 'trog' });
    await drive.roster([trog]);
    await drive.discord([user]);
    const first = await drive.run();
    expect(first.matching).toEqual({ linked: 2, suggested: 0, unchanged: 0 });
    const [member] = await drive.members();
    expect(member).toMatchObject({ characterIds: [trog.characterId], discordUserId: user.userId, rankLevel: RankLevel.Member });
    const links = await h.sql('SELECT method, score, evidence FROM links ORDER BY character_id NULLS LAST');
    expect(links).toEqual([
      expect.objectContaining({ method: 'exact_name', score: 0.9, evidence: expect.objectContaining({ summary: expect.stringContaining('Trog') }) }),
      expect.objectContaining({ method: 'exact_name', score: 0.9 }),
    ]);
    const matched = await h.emitted(Events.MemberMatched);
    expect(matched.map((e) => e.payload)).toEqual([
      {
        personId: member!.id,
        discordUserId: user.userId,
        discordUsername: 'trog',
        characterIds: [trog.characterId],
        method: 'exact_name',
        score: 0.9,
        rank: { level: 2, name: 'Member' },
      },
    ]);

    // Nothing new: a second run links nothing and announces nothing.
    await h.clearOutbox();
    const second = await drive.run();
    expect(second.matching).toEqual({ linked: 0, suggested: 0, unchanged: 2 });
    expect(await h.emitted(Events.MemberMatched)).toEqual([]);
    expect(await h.emitted(Events.MemberRankChanged)).toEqual([]);
  });

  it('groups alts by their notes and ranks the member by their best character still in the guild', async () => {
    const trog = rosterCharacter({ name: 'Trog', guildRankIndex: 3 });
    const alt = rosterCharacter({ name: 'Trogalt', guildRankIndex: 2, guildNote: "Trog's alt" });
    await drive.roster([trog, alt], { syncedAt: daysAgo(2) });
    await drive.discord([discordMember({ username: 'trog' })]);
    await drive.run();
    const [member] = await drive.members();
    expect(member).toMatchObject({ characterIds: [trog.characterId, alt.characterId].sort(), rankLevel: RankLevel.Veteran });

    // The Veteran alt leaves: the member is a Member again, and that is announced.
    await h.clearOutbox();
    const at = daysAgo(1);
    await drive.roster([trog], { syncedAt: at, changes: [change('left', alt, at)] });
    await drive.run();
    expect((await drive.members())[0]).toMatchObject({ rankLevel: RankLevel.Member });
    expect((await h.emitted(Events.MemberRankChanged)).map((e) => e.payload)).toEqual([
      { personId: member!.id, discordUserId: expect.any(String), from: RankLevel.Veteran, to: RankLevel.Member },
    ]);
  });

  it("suggests, never links, a Discord name on an officer's character until the user's Discord role shows the rank", async () => {
    const officerRole = '900000000000000004';
    await h.as(() => h.get(RanksService).update({ level: RankLevel.Officer, discordRoleId: officerRole }), { rank: RankLevel.GuildLeader });
    const jaina = rosterCharacter({ name: 'Jaina', guildRankIndex: 1 });
    const impostor = discordMember({ username: 'not_jaina', displayName: 'Jaina' });
    await drive.roster([jaina]);
    await drive.discord([impostor]);
    expect((await drive.run()).matching).toEqual({ linked: 0, suggested: 1, unchanged: 0 });
    expect(await drive.members()).toEqual([]);
    const [suggestion] = await h.sql<{ source: string; reason: string }>(`SELECT source, reason FROM suggestions WHERE status = 'open'`);
    expect(suggestion).toMatchObject({ source: 'exact_name', reason: expect.stringMatching(/Linking would make @not_jaina Officer/) });
    expect(await h.emitted(Events.MemberMatched)).toEqual([]);
    const [run] = await h.sql<{ conflicts: Array<{ kind: string }> }>('SELECT conflicts FROM matching_runs ORDER BY finished_at DESC LIMIT 1');
    expect(run?.conflicts.map((c) => c.kind)).toEqual(['name_would_raise_rank']);

    // Once the server gives the user the Officer role (an officer did, on Discord), the name links.
    await drive.discordChange('updated', { ...impostor, roleIds: [officerRole] });
    expect((await drive.run()).matching).toEqual({ linked: 2, suggested: 0, unchanged: 0 });
    expect(await drive.members()).toEqual([expect.objectContaining({ characterIds: [jaina.characterId], discordUserId: impostor.userId, rankLevel: RankLevel.Officer })]);
  });

  it('tells auth whether a member has a character in the guild, each time that changes', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    await drive.roster([trog], { syncedAt: daysAgo(20) });
    await drive.discord([discordMember({ username: 'trog' })]);
    await drive.run();
    const [member] = await drive.members();
    expect((await h.emitted(Events.MemberInGuildChanged)).map((e) => e.payload)).toEqual([{ personId: member!.id, inGuild: true, since: expect.any(String) }]);
    await h.clearOutbox();
    await drive.run();
    expect(await h.emitted(Events.MemberInGuildChanged)).toEqual([]);

    const leftAt = daysAgo(3);
    await drive.roster([], { changes: [change('left', trog, leftAt)] });
    await drive.run();
    expect((await h.emitted(Events.MemberInGuildChanged)).map((e) => e.payload)).toEqual([{ personId: member!.id, inGuild: false, since: leftAt }]);
  });

  it("keeps an officer's rank over the characters' until it is cleared", async () => {
    await drive.roster([rosterCharacter({ name: 'Trog', guildRankIndex: 3 })]);
    await drive.discord([discordMember({ username: 'trog' })]);
    await drive.run();
    const [member] = await drive.members();
    const members = h.get(MembersService);
    await h.clearOutbox();
    // Officer is more than an officer may give (the rank rules): the Guild Leader sets it.
    const asLeader = { rank: RankLevel.GuildLeader };
    const edited = await h.as(() => members.update({ id: member!.id, rankLevel: RankLevel.Officer }), asLeader);
    expect(edited.rank).toEqual({ level: 4, name: 'Officer' });
    await drive.run();
    expect((await drive.members())[0]?.rankLevel).toBe(RankLevel.Officer);
    const cleared = await h.as(() => members.update({ id: member!.id, rankLevel: null }), asLeader);
    expect(cleared.rank.level).toBe(RankLevel.Member);
    expect((await h.emitted(Events.MemberRankChanged)).map((e) => [e.payload.from, e.payload.to])).toEqual([
      [2, 4],
      [4, 2],
    ]);
  });

  it('suggests a close name, keeps the suggestion (and its id) across runs, and never brings back a rejected one', async () => {
    const trogg = rosterCharacter({ name: 'Trogg' });
    await drive.roster([trogg]);
    await drive.discord([discordMember({ username: 'trog' })]);
    const result = await drive.run();
    expect(result.matching).toMatchObject({ linked: 0, suggested: 1 });
    const [suggestion] = await openSuggestions();
    await drive.run();
    expect(await openSuggestions()).toEqual([suggestion]);

    await h.as(() => h.get(SuggestionsService).reject(suggestion!.id));
    expect(await openSuggestions()).toEqual([]);
    await drive.run();
    await drive.run();
    expect(await openSuggestions()).toEqual([]);
    expect(await h.sql(`SELECT status FROM suggestions`)).toEqual([{ status: 'rejected' }]);
    expect(await drive.members()).toEqual([]);
  });

  it('makes a confirmed suggestion a link of the officer, announced', async () => {
    const trogg = rosterCharacter({ name: 'Trogg' });
    const user = discordMember({ username: 'trog' });
    await drive.roster([trogg]);
    await drive.discord([user]);
    await drive.run();
    const [suggestion] = await openSuggestions();
    await h.clearOutbox();
    const link = await h.as(() => h.get(SuggestionsService).confirm(suggestion!.id), { username: 'thrall' });
    expect(link).toMatchObject({ characterId: trogg.characterId, discordUserId: user.userId, method: 'suggestion_confirmed' });
    expect(await h.sql('SELECT method, confirmed_by FROM links')).toEqual([{ method: 'suggestion_confirmed', confirmed_by: 'thrall' }]);
    expect(await h.sql('SELECT id FROM suggestions')).toEqual([]);
    expect((await h.emitted(Events.MemberMatched)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ personId: link.personId, discordUserId: user.userId, characterIds: [trogg.characterId], method: 'suggestion_confirmed' }),
    ]);
    const again = await drive.run();
    expect(again.matching).toEqual({ linked: 0, suggested: 0, unchanged: 2 });
  });

  it('turns conflicting evidence into suggestions, never a link', async () => {
    // Two Discord users display the name "Trog": the name alone cannot say which one plays Trog.
    await drive.roster([rosterCharacter({ name: 'Trog' })]);
    await drive.discord([discordMember({ username: 'trogdor', displayName: 'Trog' }), discordMember({ username: 'bigtrog', displayName: 'Trog' })]);
    const result = await drive.run();
    expect(result.matching).toMatchObject({ linked: 0, suggested: 2 });
    expect(await drive.members()).toEqual([]);
    const [run] = await h.sql<{ conflict_count: number; conflicts: Array<{ kind: string }> }>('SELECT conflict_count, conflicts FROM matching_runs');
    expect(run?.conflict_count).toBeGreaterThan(0);
    expect(run?.conflicts.map((c) => c.kind)).toContain('ambiguous_name');
  });

  it('keeps the last run’s conflicts, each with its id and first sighting while runs find it, and forgets one whose cause is gone', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const trogdor = discordMember({ username: 'trogdor', displayName: 'Trog' });
    const bigtrog = discordMember({ username: 'bigtrog', displayName: 'Trog' });
    await drive.roster([trog]);
    await drive.discord([trogdor, bigtrog]);
    await drive.run();
    const list = () => h.get(ConflictsService).list({ limit: 50, offset: 0 });
    const first = await list();
    expect(first).toEqual({
      total: 1,
      items: [
        {
          id: expect.any(String),
          kind: 'ambiguous_name',
          summary: expect.stringContaining('an officer has to choose'),
          characterIds: [trog.characterId],
          discordUserIds: [trogdor.userId, bigtrog.userId].sort(),
          personIds: [],
          characters: [{ id: trog.characterId, name: 'Trog', realmSlug: 'area-52', personId: null }],
          discordUsers: [
            { userId: bigtrog.userId, username: 'bigtrog', personId: null },
            { userId: trogdor.userId, username: 'trogdor', personId: null },
          ],
          firstDetectedAt: expect.any(String),
          lastDetectedAt: expect.any(String),
        },
      ],
    });
    await drive.run();
    const second = await list();
    expect(second.items[0]).toMatchObject({ id: first.items[0]!.id, firstDetectedAt: first.items[0]!.firstDetectedAt });
    expect(second.items[0]!.lastDetectedAt > first.items[0]!.lastDetectedAt).toBe(true);
    expect(await h.get(ConflictsService).list({ kind: 'members_collide', limit: 50, offset: 0 })).toEqual({ items: [], total: 0 });

    // The officer decides: Trog is trogdor's. The doubt is gone with the next run.
    await h.as(() => h.get(LinksService).create({ characterId: trog.characterId, discordUserId: trogdor.userId }));
    await drive.run();
    expect(await list()).toEqual({ items: [], total: 0 });
  });

  it('names a member the run creates in its conflicts by the member’s stored id', async () => {
    // Zed's note makes Zed and Trog one new member, whose two characters match two Discord users.
    const trog = rosterCharacter({ name: 'Trog' });
    const zed = rosterCharacter({ name: 'Zed', guildNote: "Trog's alt" });
    await drive.roster([trog, zed]);
    await drive.discord([discordMember({ username: 'trog' }), discordMember({ username: 'zed' })]);
    await drive.run();
    const [member] = await drive.members();
    const { items } = await h.get(ConflictsService).list({ limit: 50, offset: 0 });
    // Its characters point at two Discord users: a conflict about the member this very run made.
    expect(items).toEqual([expect.objectContaining({ kind: 'discord_users_disagree', personIds: [member!.id] })]);
  });

  it("keeps an officer's link when a note says otherwise", async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const zed = rosterCharacter({ name: 'Zed' });
    const alt = rosterCharacter({ name: 'Altie' });
    await drive.roster([trog, zed, alt]);
    await drive.discord([discordMember({ username: 'trog' }), discordMember({ username: 'zed' })]);
    await drive.run();
    const zedsMember = (await drive.members()).find((m) => m.characterIds.includes(zed.characterId))!;
    await h.as(() => h.get(LinksService).create({ personId: zedsMember.id, characterId: alt.characterId }));
    await drive.notes(alt, { guildNote: 'alt of Trog' });
    await drive.run();
    expect((await drive.members()).find((m) => m.characterIds.includes(alt.characterId))?.id).toBe(zedsMember.id);
    const [run] = await h.sql<{ conflicts: Array<{ kind: string }> }>('SELECT conflicts FROM matching_runs ORDER BY finished_at DESC LIMIT 1');
    expect(run?.conflicts.map((c) => c.kind)).toContain('note_contradicts_link');
  });

  it('does not link again what an officer unlinked', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const user = discordMember({ username: 'trog' });
    await drive.roster([trog]);
    await drive.discord([user]);
    await drive.run();
    const userLink = (await h.sql<{ id: string }>('SELECT id FROM links WHERE discord_user_id IS NOT NULL'))[0]!;
    await h.clearOutbox();
    await h.as(() => h.get(LinksService).remove(userLink.id));
    // auth and the bot hear that the member has no Discord user any more.
    expect((await h.emitted(Events.MemberMatched)).map((e) => e.payload)).toEqual([expect.objectContaining({ discordUserId: null, characterIds: [trog.characterId] })]);
    await drive.run();
    await drive.run();
    const [member] = await drive.members();
    expect(member).toMatchObject({ characterIds: [trog.characterId], discordUserId: null });
    expect(await h.sql(`SELECT status, source FROM suggestions`)).toEqual([{ status: 'rejected', source: 'link_removed' }]);
  });

  it('confirms with all only what can join: a same-name character of another member refuses the whole confirmation', async () => {
    // Trog on Sen'jin has an alt, so it is a member already (with no Discord user); Trog on Area 52 stands alone.
    const trogA = rosterCharacter({ name: 'Trog', realmSlug: 'area-52' });
    const trogS = rosterCharacter({ name: 'Trog', realmSlug: 'senjin', realmName: "Sen'jin" });
    const zed = rosterCharacter({ name: 'Zed', realmSlug: 'senjin', realmName: "Sen'jin", guildNote: 'alt of Trog' });
    const user = discordMember({ username: 'trog' });
    await drive.roster([trogA, trogS, zed]);
    await drive.discord([user]);
    await drive.run();
    const suggestions = await openSuggestions();
    expect(suggestions.map((s) => s.character_id).sort()).toEqual([trogA.characterId, trogS.characterId].sort());
    const ofArea = suggestions.find((s) => s.character_id === trogA.characterId)!;

    // Members are not merged by a confirmation: nothing is linked, and both stay suggested.
    await expect(h.as(() => h.get(SuggestionsService).confirm(ofArea.id, true))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Trog (senjin) already belongs to another member') });
    expect(await openSuggestions()).toEqual(suggestions);
    expect(await h.sql('SELECT id FROM links WHERE discord_user_id IS NOT NULL')).toEqual([]);

    // Without all, Trog on Area 52 joins @trog, and Trog on Sen'jin stays suggested, under its id.
    const link = await h.as(() => h.get(SuggestionsService).confirm(ofArea.id));
    expect(link).toMatchObject({ characterId: trogA.characterId, discordUserId: user.userId });
    expect(await openSuggestions()).toEqual(suggestions.filter((s) => s.id !== ofArea.id));
  });

  it('refuses links that would take a subject from another member, and unknown ids', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const zed = rosterCharacter({ name: 'Zed' });
    await drive.roster([trog, zed]);
    await drive.discord([discordMember({ username: 'trog' }), discordMember({ username: 'zed' })]);
    await drive.run();
    const links = h.get(LinksService);
    const trogs = (await drive.members()).find((m) => m.characterIds.includes(trog.characterId))!;
    await expect(h.as(() => links.create({ personId: trogs.id, characterId: zed.characterId }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(h.as(() => links.create({ characterId: '00000000-0000-4000-8000-000000000000' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.as(() => links.create({ personId: '00000000-0000-4000-8000-000000000000', characterId: trog.characterId }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Confirming what the engine linked is the officer's link now; doing it twice is a conflict.
    const made = await h.as(() => links.create({ characterId: trog.characterId }));
    expect(made).toMatchObject({ personId: trogs.id, method: 'manual' });
    await expect(h.as(() => links.create({ characterId: trog.characterId }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(h.as(() => links.remove('00000000-0000-4000-8000-000000000000'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists members by the name shown for them, pages and filters them, and follows a Discord rename', async () => {
    const names = ['Brom', 'Aria', 'Cade', 'Dorn'];
    // Dorn is an officer, and his Discord role says so: his name links him.
    const officerRole = '900000000000000004';
    await h.as(() => h.get(RanksService).update({ level: RankLevel.Officer, discordRoleId: officerRole }), { rank: RankLevel.GuildLeader });
    await drive.roster(names.map((name, i) => rosterCharacter({ name, guildRankIndex: i === 3 ? 1 : 3 })));
    await drive.discord(names.map((name, i) => discordMember({ username: name.toLowerCase(), displayName: name, roleIds: i === 3 ? [officerRole] : [] })));
    await drive.run();
    const members = h.get(MembersService);
    const shown = async (query: Parameters<MembersService['list']>[0]) => {
      const page = await h.as(() => members.list(query), { rank: RankLevel.Member });
      return { total: page.total, names: page.items.map((m) => m.displayName) };
    };
    expect(await shown({ limit: 50, offset: 0 })).toEqual({ total: 4, names: ['Aria', 'Brom', 'Cade', 'Dorn'] });
    expect(await shown({ limit: 2, offset: 1 })).toEqual({ total: 4, names: ['Brom', 'Cade'] });
    expect(await shown({ limit: 2, offset: 9 })).toEqual({ total: 4, names: [] });
    expect(await shown({ limit: 50, offset: 0, rank: RankLevel.Officer })).toEqual({ total: 1, names: ['Dorn'] });
    expect(await shown({ limit: 50, offset: 0, q: 'RI' })).toEqual({ total: 1, names: ['Aria'] });

    const aria = discordMember({ username: 'aria', displayName: 'Zuzu' });
    await drive.discordChange('updated', aria);
    await drive.run();
    expect((await shown({ limit: 50, offset: 0 })).names).toEqual(['Brom', 'Cade', 'Dorn', 'Zuzu']);
  });

  it('serves the requests events left once, however many replicas look for them', async () => {
    await drive.roster([rosterCharacter({ name: 'Trog' })]);
    await drive.discord([discordMember({ username: 'trog' })]);
    const runs = h.get(IdentityRuns);
    const [newest] = await h.sql<{ id: string }>('SELECT max(id)::text AS id FROM matching_requests');
    const [first, second] = await Promise.all([runs.serveRequests(newest!.id), runs.serveRequests(newest!.id)]);
    expect([first?.matching.linked, second?.matching.linked].sort()).toEqual([2, undefined]);
    expect(await h.sql('SELECT id FROM matching_requests')).toEqual([]);
    expect(await h.emitted(Events.MemberMatched)).toHaveLength(1);
  });

  it('records that a member registered an account', async () => {
    await drive.roster([rosterCharacter({ name: 'Trog' })]);
    await drive.discord([discordMember({ username: 'trog' })]);
    await drive.run();
    const [member] = await drive.members();
    expect((await h.as(() => h.get(MembersService).get(member!.id))).registered).toBe(false);
    const userId = '22222222-2222-4222-8222-222222222222';
    await h.inTransaction((manager) =>
      h.get(UserRegisteredHandler).onUserRegistered(envelope(Events.UserRegistered, { userId, personId: member!.id, username: 'trog' }), { manager, delivery: 1 }),
    );
    expect((await h.as(() => h.get(MembersService).get(member!.id))).registered).toBe(true);
  });

  it('makes an import of several confirmed links in one transaction, or none of them', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const alt = rosterCharacter({ name: 'Ugh' });
    const user = discordMember({ username: 'trogdor' });
    await drive.roster([trog, alt]);
    await drive.discord([user]);
    const links = h.get(LinksService);
    const by = { userId: null, username: 'importer' };
    // The second row names a character identity does not know: the whole import is undone.
    await expect(
      h.inTransaction(async (manager) => {
        const batch = await links.batch(manager);
        await batch.link({ characterId: trog.characterId, discordUserId: user.userId }, { method: 'import', score: 1, evidence: null, by });
        await batch.link({ characterId: '00000000-0000-4000-8000-000000000000', discordUserId: user.userId }, { method: 'import', score: 1, evidence: null, by });
        await batch.finish('import');
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.sql('SELECT id FROM links')).toEqual([]);
    expect(await h.sql('SELECT id FROM members')).toEqual([]);

    const outcomes = await h.inTransaction(async (manager) => {
      const batch = await links.batch(manager);
      const first = await batch.link({ characterId: trog.characterId, discordUserId: user.userId }, { method: 'import', score: 1, evidence: null, by });
      const second = await batch.link({ characterId: alt.characterId, discordUserId: user.userId }, { method: 'import', score: 1, evidence: null, by });
      const again = await batch.link({ characterId: trog.characterId, discordUserId: user.userId }, { method: 'import', score: 1, evidence: null, by });
      await batch.finish('import');
      return [first.kind, second.kind, again.kind];
    });
    expect(outcomes).toEqual(['linked', 'linked', 'unchanged']);
    expect(await drive.members()).toEqual([expect.objectContaining({ characterIds: [trog.characterId, alt.characterId].sort(), discordUserId: user.userId })]);
    expect(await h.emitted(Events.MemberMatched)).toHaveLength(1);
  });
});

import { Events } from '@patt/contracts';
import { DiscordMembersSyncedHandler } from '../src/projections/discord-members-synced.handler';
import { RosterSyncedHandler } from '../src/projections/roster-synced.handler';
import { IdentityDriver } from './support/driver';
import { change, daysAgo, discordMember, envelope, membersSynced, rosterCharacter, rosterSynced } from './support/factories';
import { IdentityHarness, startIdentity } from './support/harness';

jest.setTimeout(60_000);

interface CharacterState {
  id: string;
  in_guild: boolean;
  guild_note: string | null;
  officer_note: string | null;
  level: number;
  left_at: Date | null;
}

describe('the projections fed by roster and Discord events', () => {
  let h: IdentityHarness;
  let drive: IdentityDriver;
  const character = async (id: string) => (await h.sql<CharacterState>('SELECT * FROM characters WHERE id = $1', [id]))[0];
  const requests = async () => (await h.sql<{ n: number }>('SELECT count(*)::int AS n FROM matching_requests'))[0]?.n;

  beforeAll(async () => {
    h = await startIdentity();
    drive = new IdentityDriver(h);
  });
  beforeEach(async () => h.reset());
  afterAll(async () => h?.stop());

  it('applies a roster part by part and asks for one matching run once every part is in', async () => {
    const characters = Array.from({ length: 5 }, (_, i) => rosterCharacter({ name: `Alt${'abcde'[i]}` }));
    const parts = rosterSynced(characters, { perPart: 2 });
    expect(parts).toHaveLength(3);
    const handler = h.get(RosterSyncedHandler);
    const apply = (index: number) =>
      h.inTransaction((manager) => handler.onRosterSynced(envelope(Events.RosterSynced, parts[index]!), { manager, delivery: 1 }));

    await apply(2);
    await apply(0);
    expect(await requests()).toBe(0);
    expect((await h.sql('SELECT id FROM characters')).length).toBe(3);
    await apply(0); // the same part again changes nothing
    await apply(1);
    expect(await requests()).toBe(1);
    expect((await h.sql('SELECT id FROM characters WHERE in_guild')).length).toBe(5);
  });

  it('takes a character out of the guild when guild-sync says it left, and keeps one it was unsure about', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const zed = rosterCharacter({ name: 'Zed' });
    const ana = rosterCharacter({ name: 'Ana' });
    await drive.roster([trog, zed, ana], { syncedAt: daysAgo(2) });
    const at = daysAgo(1);
    // Zed left; Ana is missing too, but guild-sync did not call her a leaver (unreadable entries).
    await drive.roster([trog], { syncedAt: at, changes: [change('left', zed, at)] });
    expect(await character(zed.characterId)).toMatchObject({ in_guild: false, left_at: new Date(at) });
    expect(await character(ana.characterId)).toMatchObject({ in_guild: true, left_at: null });
    expect(await character(trog.characterId)).toMatchObject({ in_guild: true });

    // Zed comes back.
    const back = new Date().toISOString();
    await drive.roster([trog, zed], { syncedAt: back, changes: [change('rejoined', zed, back)] });
    expect(await character(zed.characterId)).toMatchObject({ in_guild: true, left_at: null });
  });

  it('never lets an older roster undo a newer one', async () => {
    const trog = rosterCharacter({ name: 'Trog', level: 70 });
    const newer = daysAgo(1);
    await drive.roster([{ ...trog, level: 80 }], { syncedAt: newer });
    await drive.roster([trog], { syncedAt: daysAgo(3), changes: [] });
    expect(await character(trog.characterId)).toMatchObject({ level: 80, in_guild: true });
    // A leave older than the roster that still lists the character is history, not news.
    await drive.roster([], { syncedAt: daysAgo(2), changes: [change('left', trog, daysAgo(2))] });
    expect(await character(trog.characterId)).toMatchObject({ in_guild: true });
  });

  it('keeps the newest notes, whether an addon upload or a roster carried them', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    await drive.roster([trog], { syncedAt: daysAgo(3) });
    await drive.notes(trog, { guildNote: 'alt of Zed', officerNote: 'discord: zed' }, daysAgo(2));
    expect(await character(trog.characterId)).toMatchObject({ guild_note: 'alt of Zed', officer_note: 'discord: zed' });
    // A roster read before the upload does not bring back the old (empty) notes…
    await drive.roster([trog], { syncedAt: daysAgo(2.5) });
    expect(await character(trog.characterId)).toMatchObject({ guild_note: 'alt of Zed' });
    // …one read after it carries the notes guild-sync holds then.
    await drive.roster([{ ...trog, guildNote: 'main', officerNote: null }], { syncedAt: daysAgo(1) });
    expect(await character(trog.characterId)).toMatchObject({ guild_note: 'main', officer_note: null });
    // An upload older than that roster changes nothing.
    await drive.notes(trog, { guildNote: 'stale', officerNote: 'stale' }, daysAgo(1.5));
    expect(await character(trog.characterId)).toMatchObject({ guild_note: 'main', officer_note: null });
  });

  it('stores notes for a character no roster listed yet, out of the guild until one does', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    await drive.notes(trog, { guildNote: 'alt of Zed' }, daysAgo(1));
    expect(await character(trog.characterId)).toMatchObject({ in_guild: false, guild_note: 'alt of Zed' });
    await drive.roster([trog], { syncedAt: daysAgo(2) });
    expect(await character(trog.characterId)).toMatchObject({ in_guild: true, guild_note: 'alt of Zed' });
  });

  it('marks Discord members a complete sync no longer lists as gone, and not before it is complete', async () => {
    const a = discordMember({ username: 'anna' });
    const b = discordMember({ username: 'bert' });
    const c = discordMember({ username: 'cleo' });
    await drive.discord([a, b, c], { syncedAt: daysAgo(2) });
    const [first, second] = membersSynced([a, b], { syncedAt: daysAgo(1), perPart: 1 });
    const handler = h.get(DiscordMembersSyncedHandler);
    await h.inTransaction((manager) => handler.onMembersSynced(envelope(Events.DiscordMembersSynced, first!), { manager, delivery: 1 }));
    const present = async () => (await h.sql<{ user_id: string }>('SELECT user_id FROM discord_members WHERE present ORDER BY username')).map((r) => r.user_id);
    expect(await present()).toEqual([a.userId, b.userId, c.userId]);
    await h.inTransaction((manager) => handler.onMembersSynced(envelope(Events.DiscordMembersSynced, second!), { manager, delivery: 1 }));
    expect(await present()).toEqual([a.userId, b.userId]);
  });

  it('follows single Discord changes and ignores one older than what it has', async () => {
    const anna = discordMember({ username: 'anna' });
    await drive.discord([anna], { syncedAt: daysAgo(2) });
    await drive.discordChange('updated', { ...anna, displayName: 'Anna the Bold' }, daysAgo(1));
    await drive.discordChange('updated', { ...anna, displayName: 'old name' }, daysAgo(1.5));
    await drive.discordChange('left', { ...anna, displayName: 'Anna the Bold', present: false }, daysAgo(0.5));
    expect((await h.sql('SELECT display_name, present FROM discord_members'))[0]).toEqual({ display_name: 'Anna the Bold', present: false });
    expect(await requests()).toBeGreaterThan(0);
  });
});

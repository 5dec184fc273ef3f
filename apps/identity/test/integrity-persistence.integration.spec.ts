import { Events, IntegrityReportedPayload, RankLevel } from '@patt/contracts';
import { issueHash } from '../src/integrity';
import { IssuesRepository } from '../src/issues/issues.repository';
import { IssuesService } from '../src/issues/issues.service';
import { LinksService } from '../src/links/links.service';
import { RanksService } from '../src/ranks/ranks.service';
import { IdentityRuns } from '../src/runs/identity-runs.service';
import { IdentityDriver } from './support/driver';
import { daysAgo, discordMember, rosterCharacter } from './support/factories';
import { IdentityHarness, startIdentity } from './support/harness';

jest.setTimeout(60_000);

const ROLE = { member: '200000000000000002', veteran: '200000000000000003', officer: '200000000000000004' };

describe('integrity checks through persistence', () => {
  let h: IdentityHarness;
  let drive: IdentityDriver;
  const reports = async () => (await h.emitted(Events.IntegrityReported)).map((e) => e.payload);
  const summary = (report: IntegrityReportedPayload) => ({
    opened: report.opened.map((i) => i.type).sort(),
    resolved: report.resolved.map((i) => i.type).sort(),
    openCount: report.openCount,
  });
  const issues = () => h.sql<{ type: string; resolved_at: Date | null }>('SELECT type, resolved_at FROM integrity_issues ORDER BY first_detected_at, type');

  beforeAll(async () => {
    // A stale limit of 10 days shows the setting is the one used.
    h = await startIdentity({ STALE_AFTER_DAYS: '10' });
    drive = new IdentityDriver(h);
  });
  beforeEach(async () => h.reset());
  afterAll(async () => h?.stop());

  it('reports an orphan character once, and its resolution once, when it is linked', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    await drive.roster([trog]);
    await drive.discord([discordMember({ username: 'someone' })]);
    expect((await drive.run()).integrity).toEqual({ open: 1, opened: 1, resolved: 0 });
    expect((await drive.run()).integrity).toEqual({ open: 1, opened: 0, resolved: 0 });
    expect((await h.get(IdentityRuns).check())).toEqual({ open: 1, opened: 0, resolved: 0 });
    expect((await reports()).map(summary)).toEqual([{ opened: ['orphan_character'], resolved: [], openCount: 1 }]);

    await h.clearOutbox();
    const user = (await h.sql<{ user_id: string }>('SELECT user_id FROM discord_members'))[0]!.user_id;
    await h.as(() => h.get(LinksService).create({ characterId: trog.characterId, discordUserId: user }));
    expect((await drive.run()).integrity).toEqual({ open: 0, opened: 0, resolved: 1 });
    expect((await reports()).map(summary)).toEqual([{ opened: [], resolved: ['orphan_character'], openCount: 0 }]);
    expect(await issues()).toEqual([{ type: 'orphan_character', resolved_at: expect.any(Date) }]);

    // Broken again later: a new issue (the old one stays resolved), reported again.
    await h.clearOutbox();
    const link = (await h.sql<{ id: string }>('SELECT id FROM links'))[0]!;
    await h.as(() => h.get(LinksService).remove(link.id));
    expect((await drive.run()).integrity).toMatchObject({ opened: 1 });
    expect(await issues()).toEqual([
      { type: 'orphan_character', resolved_at: expect.any(Date) },
      { type: 'orphan_character', resolved_at: null },
    ]);
  });

  it('flags characters not seen for STALE_AFTER_DAYS, and lets them go when they log in', async () => {
    const trog = rosterCharacter({ name: 'Trog', lastLoginAt: daysAgo(12) });
    await drive.roster([trog], { syncedAt: daysAgo(1) });
    await drive.discord([discordMember({ username: 'trog' })]);
    await drive.run();
    expect(await issues()).toEqual([{ type: 'stale_character', resolved_at: null }]);
    await drive.roster([{ ...trog, lastLoginAt: daysAgo(0) }]);
    expect((await drive.run()).integrity).toEqual({ open: 0, opened: 0, resolved: 1 });
  });

  it('checks Discord roles against ranks, and keeps a rank change open until the role follows', async () => {
    const ranks = h.get(RanksService);
    await ranks.update({ level: RankLevel.Member, discordRoleId: ROLE.member });
    await ranks.update({ level: RankLevel.Veteran, discordRoleId: ROLE.veteran });
    await ranks.update({ level: RankLevel.Officer, discordRoleId: ROLE.officer });
    const trog = rosterCharacter({ name: 'Trog', guildRankIndex: 3 });
    const user = discordMember({ username: 'trog', roleIds: [ROLE.member] });
    await drive.roster([trog], { syncedAt: daysAgo(2) });
    await drive.discord([user], { syncedAt: daysAgo(2) });
    expect((await drive.run()).integrity.open).toBe(0);

    // Promoted in the game: rank_changed, and the Discord role is now wrong.
    await drive.roster([{ ...trog, guildRankIndex: 2 }], { syncedAt: daysAgo(1) });
    await drive.run();
    expect((await issues()).map((i) => i.type).sort()).toEqual(['rank_changed', 'role_mismatch']);
    await drive.run();
    expect((await issues()).filter((i) => i.resolved_at === null).map((i) => i.type).sort()).toEqual(['rank_changed', 'role_mismatch']);

    // The role follows: the mismatch resolves at once, the rank change at the check after.
    await drive.discordChange('updated', { ...user, roleIds: [ROLE.veteran] });
    await drive.run();
    expect((await issues()).filter((i) => i.resolved_at === null).map((i) => i.type)).toEqual(['rank_changed']);
    await drive.run();
    expect((await issues()).filter((i) => i.resolved_at === null)).toEqual([]);

    // An Officer role on someone with no character in the guild is critical.
    await drive.discord([{ ...user, roleIds: [ROLE.veteran] }, discordMember({ username: 'sneaky', roleIds: [ROLE.officer] })]);
    await drive.run();
    expect(await h.sql(`SELECT type, severity FROM integrity_issues WHERE resolved_at IS NULL`)).toEqual([{ type: 'orphan_discord', severity: 'critical' }]);
  });

  it('lets the database keep one open issue per hash, however two writers race', async () => {
    const repository = h.get(IssuesRepository);
    const finding = {
      type: 'orphan_character' as const,
      severity: 'warning' as const,
      summary: 'Trog is in the guild but belongs to no member.',
      characterId: '11111111-1111-4111-8111-111111111111',
      hash: issueHash('orphan_character', { characterId: '11111111-1111-4111-8111-111111111111' }),
    };
    // Two transactions insert the same finding at once; the second waits on the first's index entry.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = h.inTransaction(async (manager) => {
      const opened = await repository.openFindings(manager, [finding], new Date());
      await held;
      return opened.length;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = h.inTransaction(async (manager) => (await repository.openFindings(manager, [finding], new Date())).length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    expect(await Promise.all([first, second])).toEqual([1, 0]);
    expect(await h.sql('SELECT hash FROM integrity_issues')).toEqual([{ hash: finding.hash }]);

    // A plain second insert is refused by the index itself, not by any check of ours.
    await expect(
      h.sql(
        `INSERT INTO integrity_issues (id, type, severity, hash, summary, first_detected_at, last_detected_at)
         VALUES (gen_random_uuid(), 'orphan_character', 'warning', $1, 'again', now(), now())`,
        [finding.hash],
      ),
    ).rejects.toThrow(/integrity_issues_open_hash/);

    // Once resolved, the same hash may open again.
    const [open] = await h.sql<{ id: string }>('SELECT id FROM integrity_issues');
    await h.inTransaction((manager) => repository.resolve(manager, [open!.id], new Date()));
    expect(await h.inTransaction(async (manager) => (await repository.openFindings(manager, [finding], new Date())).length)).toBe(1);
  });

  it('posts a full report of every open issue, and a digest of what changed since the last report', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    const zed = rosterCharacter({ name: 'Zed' });
    await drive.roster([trog, zed]);
    await drive.discord([discordMember({ username: 'someone' })]);
    await drive.run();
    const service = h.get(IssuesService);
    await h.clearOutbox();

    const full = await h.as(() => service.report(true));
    expect(full).toMatchObject({ full: true, opened: 2, resolved: 0, openCount: 2, since: null });
    expect((await reports()).map((r) => ({ ...summary(r), full: r.full, reportId: r.reportId }))).toEqual([
      { opened: ['orphan_character', 'orphan_character'], resolved: [], openCount: 2, full: true, reportId: full.reportId },
    ]);

    // Since the full report: Zed is linked (resolved), nothing new.
    const user = (await h.sql<{ user_id: string }>('SELECT user_id FROM discord_members'))[0]!.user_id;
    await h.as(() => h.get(LinksService).create({ characterId: zed.characterId, discordUserId: user }));
    await drive.run();
    await h.clearOutbox();
    const digest = await h.as(() => service.report(false));
    expect(digest).toMatchObject({ full: false, opened: 0, resolved: 1, openCount: 1, since: expect.any(String) });
    expect((await reports()).map(summary)).toEqual([{ opened: [], resolved: ['orphan_character'], openCount: 1 }]);
  });
});

import { reconcileIssues, runIntegrity } from './reconcile';
import { checkIntegrity, issueHash } from './rules';
import { character, daysAgo, discordUser, NOW, RANKS, world, type IntegrityWorld } from './test/factories';
import type { IntegrityFinding, IssueSeverity, IssueType } from './types';

interface IntegrityCase {
  name: string;
  given: () => IntegrityWorld;
  /** Exactly the findings, as "type severity" strings. */
  findings: string[];
  /** A part of a summary, for rows that show what an officer reads. */
  summaryContains?: string;
}

const trog = character({ name: 'Trog' });
const zed = character({ name: 'Zed' });
const atTrog = (roles: Parameters<typeof discordUser>[0]['roles'] = ['member']) => discordUser({ username: 'trog', roles });

const cases: IntegrityCase[] = [
  {
    name: 'finds nothing for a linked member with the right role',
    given: () => world().member({ characters: [trog], discord: atTrog() }),
    findings: [],
  },

  // orphan_character
  {
    name: 'flags a character in the guild that belongs to no member',
    given: () => world().character(trog),
    findings: ['orphan_character warning'],
    summaryContains: 'Trog (area-52) is in the guild but belongs to no member',
  },
  {
    name: 'flags a character whose member has no Discord user',
    given: () => world().member({ characters: [trog] }),
    findings: ['orphan_character warning'],
    summaryContains: 'its member has no Discord user',
  },
  {
    name: 'flags a character whose member Discord user left the server',
    given: () => world().member({ characters: [trog], discord: discordUser({ username: 'trog', present: false }) }),
    findings: ['orphan_character warning'],
    summaryContains: 'is no longer on the server',
  },
  {
    name: 'does not flag a character that left the guild',
    given: () => world().character(character({ name: 'Trog', inGuild: false })),
    findings: [],
  },

  // orphan_discord
  {
    name: 'flags a Discord member with a guild role and no member',
    given: () => world().discord(atTrog()),
    findings: ['orphan_discord warning'],
    summaryContains: '@trog has the Member role on Discord, but they are linked to no member',
  },
  {
    name: 'flags an Officer role held with no character as critical',
    given: () => world().discord(atTrog(['officer'])),
    findings: ['orphan_discord critical'],
  },
  {
    name: 'flags a member whose characters all left the guild but who keeps a guild role',
    given: () => world().member({ characters: [character({ name: 'Trog', inGuild: false })], discord: atTrog(), rank: null }),
    findings: ['orphan_discord warning'],
    summaryContains: "none of their member's characters is in the guild",
  },
  {
    name: 'ignores Discord members without guild roles, bots and departed users',
    given: () =>
      world().discord(
        discordUser({ username: 'visitor', roleIds: ['123'] }),
        discordUser({ username: 'bot', roles: ['member'], isBot: true }),
        discordUser({ username: 'gone', roles: ['member'], present: false }),
      ),
    findings: [],
  },

  // role_mismatch
  {
    name: 'flags a member lacking the role of their rank as a warning',
    given: () => world().member({ characters: [trog], discord: atTrog(['initiate']), rank: 'member' }),
    findings: ['role_mismatch warning'],
    summaryContains: 'lacks the Member role: add Member',
  },
  {
    name: 'flags a member with a role above their rank as critical',
    given: () => world().member({ characters: [trog], discord: atTrog(['member', 'officer']), rank: 'member' }),
    findings: ['role_mismatch critical'],
    summaryContains: 'has the Officer role: remove Officer',
  },
  {
    name: 'compares with an officer rank override',
    given: () => world().member({ characters: [trog], discord: atTrog(['member']), rank: 'veteran', overridden: true }),
    findings: ['role_mismatch warning'],
    summaryContains: 'ranked Veteran (set by an officer)',
  },
  {
    name: 'accepts an extra lower guild role next to the right one',
    given: () => world().member({ characters: [trog], discord: atTrog(['veteran', 'initiate']), rank: 'veteran' }),
    findings: [],
  },

  // no_guild_role
  {
    name: 'flags a linked member on the server with no guild role at all',
    given: () => world().member({ characters: [trog], discord: atTrog([]) }),
    findings: ['no_guild_role warning'],
    summaryContains: 'give them the Member role',
  },
  {
    name: 'checks no Discord roles while no rank has a Discord role mapped',
    given: () =>
      world()
        .withRanks(RANKS.map((r) => ({ ...r, discordRoleId: null })))
        .member({ characters: [trog], discord: atTrog([]) })
        .discord(discordUser({ username: 'x', roles: ['officer'] })),
    findings: [],
  },

  // stale_character
  {
    name: 'flags a character not seen for more than 30 days as info',
    given: () => world().member({ characters: [character({ name: 'Trog', lastLoginAt: daysAgo(45) })], discord: atTrog() }),
    findings: ['stale_character info'],
    summaryContains: 'has not logged in for 45 days',
  },
  {
    name: 'does not flag a character seen exactly 30 days ago',
    given: () => world().member({ characters: [character({ name: 'Trog', lastLoginAt: daysAgo(30) })], discord: atTrog() }),
    findings: [],
  },
  {
    name: 'does not flag a character whose last login is unknown',
    given: () => world().member({ characters: [character({ name: 'Trog', lastLoginAt: null })], discord: atTrog() }),
    findings: [],
  },
  {
    name: 'honours a configured staleAfterDays',
    given: () =>
      world()
        .staleAfter(7)
        .member({ characters: [character({ name: 'Trog', lastLoginAt: daysAgo(8) })], discord: atTrog() }),
    findings: ['stale_character info'],
  },
  {
    name: 'does not flag stale characters that left the guild',
    given: () => world().character(character({ name: 'Trog', inGuild: false, lastLoginAt: daysAgo(400) })),
    findings: [],
  },

  // rank_changed
  {
    name: 'reports a member whose rank differs from the one recorded',
    given: () =>
      world()
        .member({ personId: 'p-1', characters: [trog], discord: atTrog(['veteran']), rank: 'veteran' })
        .previousRank('p-1', 'member'),
    findings: ['rank_changed info'],
    summaryContains: 'changed from Member to Veteran',
  },
  {
    name: 'reports nothing for a member with no recorded rank yet',
    given: () => world().member({ characters: [trog], discord: atTrog() }),
    findings: [],
  },
  {
    name: 'reports a member who lost their rank when their characters left',
    given: () =>
      world()
        .member({ personId: 'p-1', characters: [character({ name: 'Trog', inGuild: false })], rank: null })
        .previousRank('p-1', 'member'),
    findings: ['rank_changed info'],
    summaryContains: 'to no rank',
  },

  // several at once
  {
    name: 'reports each problem of one member separately',
    given: () =>
      world()
        .member({
          characters: [character({ name: 'Trog', lastLoginAt: daysAgo(60) }), zed],
          discord: atTrog(['guildLeader']),
          rank: 'member',
        })
        .character(character({ name: 'Lonely' })),
    findings: ['orphan_character warning', 'role_mismatch critical', 'stale_character info'],
  },
];

const render = (findings: IntegrityFinding[]): string[] => findings.map((f) => `${f.type} ${f.severity}`).sort();

describe('checkIntegrity', () => {
  describe.each(cases)('$name', (row) => {
    it('finds exactly what is wrong', () => {
      const findings = checkIntegrity(row.given().input());
      expect(render(findings)).toEqual([...row.findings].sort());
      if (row.summaryContains) expect(findings.map((f) => f.summary).join('\n')).toContain(row.summaryContains);
      for (const f of findings) expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('finds the same whatever the input order', () => {
      const input = row.given().input();
      const reversed = {
        ...input,
        characters: [...input.characters].reverse(),
        discordMembers: [...input.discordMembers].reverse(),
        members: [...input.members].reverse(),
      };
      expect(checkIntegrity(reversed)).toEqual(checkIntegrity(input));
    });
  });

  it('names the subjects of a finding and hashes type and subjects only', () => {
    const [finding] = checkIntegrity(world().character(trog).input());
    expect(finding).toEqual({
      type: 'orphan_character',
      severity: 'warning',
      summary: expect.any(String),
      characterId: trog.id,
      hash: issueHash('orphan_character', { characterId: trog.id }),
    });
  });

  it('keeps the hash when the character is renamed (the summary changes, the issue does not)', () => {
    const before = checkIntegrity(world().character(trog).input())[0];
    const after = checkIntegrity(
      world()
        .character({ ...trog, name: 'Trogdor' })
        .input(),
    )[0];
    expect(after.summary).not.toBe(before.summary);
    expect(after.hash).toBe(before.hash);
  });

  it('hashes subjects regardless of their order, and different types differently', () => {
    expect(issueHash('role_mismatch', { personId: 'p', discordUserId: 'd' })).toBe(
      issueHash('role_mismatch', { discordUserId: 'd', personId: 'p' }),
    );
    expect(issueHash('role_mismatch', { personId: 'p', discordUserId: 'd' })).not.toBe(
      issueHash('no_guild_role', { personId: 'p', discordUserId: 'd' }),
    );
  });

  it('accepts previous ranks as a plain record too', () => {
    const input = world()
      .member({ personId: 'p-1', characters: [trog], discord: atTrog(['veteran']), rank: 'veteran' })
      .input();
    expect(render(checkIntegrity({ ...input, previousRanks: { 'p-1': 2 } }))).toEqual(['rank_changed info']);
  });
});

/** A stored issue as the wiring keeps it. */
interface StoredIssue {
  hash: string;
  type: IssueType;
  severity: IssueSeverity;
  summary: string;
}

/** The wiring in miniature: keep open issues by hash, apply each run's reconciliation. */
function store(): { run(w: IntegrityWorld): ReturnType<typeof runIntegrity<StoredIssue>>; open(): StoredIssue[] } {
  const open = new Map<string, StoredIssue>();
  return {
    run(w) {
      const result = runIntegrity(w.input(), open);
      for (const f of result.opened) open.set(f.hash, { hash: f.hash, type: f.type, severity: f.severity, summary: f.summary });
      for (const issue of result.resolved) open.delete(issue.hash);
      return result;
    },
    open: () => [...open.values()],
  };
}

describe('reconcileIssues', () => {
  const everyType: Array<{ type: IssueType; broken: () => IntegrityWorld; fixed: () => IntegrityWorld }> = [
    {
      type: 'orphan_character',
      broken: () => world().character(trog),
      fixed: () => world().member({ characters: [trog], discord: atTrog() }),
    },
    {
      type: 'orphan_discord',
      broken: () => world().discord(atTrog()),
      fixed: () => world().member({ characters: [trog], discord: atTrog() }),
    },
    {
      type: 'role_mismatch',
      broken: () => world().member({ characters: [trog], discord: atTrog(['officer']) }),
      fixed: () => world().member({ characters: [trog], discord: atTrog(['member']) }),
    },
    {
      type: 'no_guild_role',
      broken: () => world().member({ characters: [trog], discord: atTrog([]) }),
      fixed: () => world().member({ characters: [trog], discord: atTrog(['member']) }),
    },
    {
      type: 'stale_character',
      broken: () => world().member({ characters: [character({ name: 'Trog', lastLoginAt: daysAgo(40) })], discord: atTrog() }),
      fixed: () => world().member({ characters: [character({ name: 'Trog', lastLoginAt: daysAgo(0) })], discord: atTrog() }),
    },
    {
      type: 'rank_changed',
      broken: () =>
        world()
          .member({ personId: 'p', characters: [trog], discord: atTrog() })
          .previousRank('p', 'veteran'),
      fixed: () =>
        world()
          .member({ personId: 'p', characters: [trog], discord: atTrog() })
          .previousRank('p', 'member'),
    },
  ];

  it.each(everyType)('reports $type once and resolves it when the cause is fixed', ({ type, broken, fixed }) => {
    const issues = store();
    const first = issues.run(broken());
    expect(first.opened.map((f) => f.type)).toEqual([type]);
    expect(first.counts).toEqual({ open: 1, opened: 1, resolved: 0 });

    const second = issues.run(broken());
    expect(second.opened).toEqual([]);
    expect(second.stillOpen.map((s) => s.issue.type)).toEqual([type]);
    expect(second.counts).toEqual({ open: 1, opened: 0, resolved: 0 });

    const third = issues.run(fixed());
    expect(third.opened).toEqual([]);
    expect(third.resolved.map((i) => i.type)).toEqual([type]);
    expect(third.counts).toEqual({ open: 0, opened: 0, resolved: 1 });
    expect(issues.open()).toEqual([]);
  });

  it('opens the issue again if the cause comes back after it resolved', () => {
    const issues = store();
    issues.run(world().character(trog));
    issues.run(world().member({ characters: [trog], discord: atTrog() }));
    expect(issues.run(world().character(trog)).opened.map((f) => f.type)).toEqual(['orphan_character']);
  });

  it('keeps an issue open (not reopened) when only its wording or severity changes', () => {
    const issues = store();
    issues.run(world().member({ characters: [trog] }));
    const result = issues.run(world().character(trog));
    expect(result.opened).toEqual([]);
    expect(result.resolved).toEqual([]);
    expect(result.stillOpen[0].finding.summary).toContain('belongs to no member');
  });

  it('takes open issues as a list or a map, and one finding per hash', () => {
    const [finding] = checkIntegrity(world().character(trog).input());
    const stale = { hash: 'gone', note: 'an issue whose cause is gone' };
    const fromList = reconcileIssues([stale], [finding, finding]);
    expect(fromList.opened).toEqual([finding]);
    expect(fromList.resolved).toEqual([stale]);
    const fromMap = reconcileIssues(new Map([[finding.hash, { hash: finding.hash }]]), [finding]);
    expect(fromMap.stillOpen).toEqual([{ issue: { hash: finding.hash }, finding }]);
    expect(fromMap.opened).toEqual([]);
  });

  it('uses the time it is given, not the clock', () => {
    const w = world().member({
      characters: [character({ name: 'Trog', lastLoginAt: '2025-05-01T12:00:00.000Z' })],
      discord: atTrog(),
    });
    expect(render(checkIntegrity(w.input(NOW)))).toEqual(['stale_character info']);
    expect(render(checkIntegrity(w.input(new Date('2025-05-20T00:00:00.000Z'))))).toEqual([]);
  });
});

describe('checkIntegrity at scale', () => {
  // A guard against a pass that grows with the square of the guild (seconds at this size), not a
  // speed figure: the check takes well under a second here, and a busy machine must not fail it.
  it('checks 10,000 characters and Discord members in one pass, not one per pair', () => {
    const w = world();
    for (let i = 0; i < 10000; i++) {
      const c = character({ name: `Char${i}`, lastLoginAt: daysAgo(i % 60) });
      if (i % 3 === 0) w.character(c);
      else w.member({ characters: [c], discord: discordUser({ username: `user${i}`, roles: i % 5 === 0 ? [] : ['member'] }) });
    }
    const started = Date.now();
    const findings = checkIntegrity(w.input());
    expect(Date.now() - started).toBeLessThan(5000);
    expect(findings.length).toBeGreaterThan(0);
  });
});

import { anIssue } from '../../test/support/factories';
import { embedSize } from '../discord/embed-limits';
import { integrityReportMessages, SEVERITY_COLOURS } from './integrity-report';

const reportedAt = new Date('2025-06-01T08:00:00Z');

describe('integrity report messages', () => {
  it('posts nothing for a partial report with nothing new or resolved', () => {
    expect(integrityReportMessages({ full: false, opened: [], resolved: [], openCount: 4, reportedAt })).toEqual([]);
  });

  it('says all is clear in a full report with no open issues', () => {
    const [message] = integrityReportMessages({ full: true, opened: [], resolved: [], openCount: 0, reportedAt });
    expect(message?.embeds).toEqual([expect.objectContaining({ title: 'Full integrity report', color: 0x2ecc71 })]);
  });

  it('puts a header first, then one embed per type coloured by its worst severity', () => {
    const opened = [
      anIssue('stale_character', { severity: 'info', summary: 'Trog has not logged in for 45 days' }),
      anIssue('role_mismatch', { severity: 'warning' }),
      anIssue('role_mismatch', { severity: 'critical' }),
    ];
    const resolved = [anIssue('orphan_character', { summary: 'Zug is linked now' })];
    const [message, more] = integrityReportMessages({ full: false, opened, resolved, openCount: 7, reportedAt });
    expect(more).toBeUndefined();
    expect(message?.content).toBeUndefined();
    const [header, ...types] = message!.embeds!;
    expect(header).toMatchObject({ title: 'Integrity report', color: SEVERITY_COLOURS.critical, timestamp: reportedAt.toISOString() });
    expect(header!.description).toContain('**3** new, **1** resolved; **7** open in all.');
    expect(types.map((embed) => [embed.title, embed.color])).toEqual([
      ['Discord roles that do not match the rank (2 new)', SEVERITY_COLOURS.critical],
      ['Characters linked to no member (1 resolved)', 0x2ecc71],
      ['Characters not seen for a while (1 new)', SEVERITY_COLOURS.info],
    ]);
    expect(types[1]!.description).toBe('✓ Zug is linked now');
    expect(types[2]!.description).toBe('• Trog has not logged in for 45 days');
  });

  it('lists at most 20 issues a type and counts the rest', () => {
    const opened = Array.from({ length: 45 }, (_, i) => anIssue('orphan_character', { summary: `Character ${i + 1}` }));
    const [message] = integrityReportMessages({ full: false, opened, resolved: [], openCount: 45, reportedAt });
    const lines = message!.embeds![1]!.description!.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('• Character 1');
    expect(lines[20]).toBe('…and 25 more');
  });

  it('splits a long report over messages within Discord’s limits, numbering them', () => {
    const types = ['orphan_character', 'orphan_discord', 'role_mismatch', 'no_guild_role', 'stale_character', 'rank_changed'] as const;
    const opened = types.flatMap((type) => Array.from({ length: 50 }, (_, i) => anIssue(type, { summary: `${type} ${i} ${'é'.repeat(170)}` })));
    const messages = integrityReportMessages({ full: false, opened, resolved: [], openCount: 300, reportedAt });
    expect(messages.length).toBeGreaterThan(1);
    for (const [index, message] of messages.entries()) {
      expect(message.embeds!.length).toBeLessThanOrEqual(10);
      expect(message.embeds!.reduce((sum, embed) => sum + embedSize(embed), 0)).toBeLessThanOrEqual(6000);
      expect(message.content).toBe(`Integrity report, part ${index + 1} of ${messages.length}`);
    }
    expect(messages.flatMap((message) => message.embeds!)).toHaveLength(7);
  });
});

import { clockTime, exportTimeText, gaveUpLine, refusedLine, retryLine, seconds, shortRunId, skippedLine, unreadableLine, uploadedLine } from './report';

// Built from local parts, so the clock reads 03:12:05 in whatever zone the tests run.
const at = new Date(2026, 10, 26, 3, 12, 5);
const exportTime = Date.parse('2026-11-26T03:11:42Z') / 1000;

describe('the printed lines', () => {
  it('says what one upload did, in one line', () => {
    const line = uploadedLine(at, exportTime, 512, { runId: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d', matched: 498, updated: 12, notFound: 14 });
    expect(line).toBe('03:12:05 uploaded export of 2026-11-26 03:11 UTC (512 members): 498 matched, 12 updated, 14 not found (run 1b2c3d4e…)');
  });

  it('counts one member as one', () => {
    expect(uploadedLine(at, exportTime, 1, { runId: 'r', matched: 1, updated: 0, notFound: 0 })).toContain('(1 member)');
  });

  it('says why an export was not sent', () => {
    expect(skippedLine(at, exportTime, exportTime, 'same')).toBe('03:12:05 skipped export of 2026-11-26 03:11 UTC: already uploaded');
    expect(skippedLine(at, exportTime - 3_600, exportTime, 'older')).toBe(
      '03:12:05 skipped export of 2026-11-26 02:11 UTC: older than the last one uploaded (2026-11-26 03:11 UTC)',
    );
    expect(unreadableLine(at, 'PATTSync.lua', 'line 3, column 9: unexpected "os"')).toBe(
      '03:12:05 not uploaded: PATTSync.lua is not an export the platform can read: line 3, column 9: unexpected "os"',
    );
  });

  it('says what went wrong with the platform and what happens next', () => {
    expect(retryLine(at, 'the platform is unreachable (ECONNREFUSED)', 4_000, 2)).toBe('03:12:05 the platform is unreachable (ECONNREFUSED); retrying in 4 s (attempt 3)');
    expect(refusedLine(at, exportTime, 400, 'The upload is not a valid PATTSync export.')).toBe(
      '03:12:05 upload of export of 2026-11-26 03:11 UTC refused (400): The upload is not a valid PATTSync export.',
    );
    expect(gaveUpLine(at, exportTime, 6, 'the platform answered 503')).toBe('03:12:05 gave up on export of 2026-11-26 03:11 UTC after 6 attempts: the platform answered 503');
  });

  it('formats times and waits as a person says them', () => {
    expect(clockTime(new Date(2026, 0, 1, 0, 0, 9))).toBe('00:00:09');
    expect(exportTimeText(1e20)).toBe('time 100000000000000000000');
    expect([seconds(500), seconds(1_500), seconds(4_000), seconds(12_345), seconds(60_000), seconds(300_000)]).toEqual(['500 ms', '1.5 s', '4 s', '12 s', '60 s', '5 min']);
    expect(shortRunId('abc')).toBe('abc');
  });
});

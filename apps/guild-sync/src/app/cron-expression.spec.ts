import { CronTime, validateCronExpression } from 'cron';
import { cronProblem } from './cron-expression';

/** What the scheduler itself (the `cron` package behind @nestjs/schedule) makes of an expression. */
function schedulerTakes(expression: string): boolean {
  if (!validateCronExpression(expression).valid) return false;
  try {
    new CronTime(expression, 'UTC').sendAt();
    return true;
  } catch {
    return false; // it parses, but no date in the next years matches
  }
}

const GOOD = [
  '0 1,7,13,19 * * *',
  '*/15 * * * *',
  '5/10 * * * *',
  '0 0 1-15/2 * *',
  '30 4 * jan-mar,DEC mon-fri',
  '0 0 * * 7',
  '0 0 29 2 *',
  '0 0 31 2 1',
  '  0 12 * * *  ',
  '05 09 * * *',
];

const BAD: Array<[string, string]> = [
  ['99 * * * *', 'its minute field has 99, outside 0-59'],
  ['0 24 * * *', 'its hour field has 24, outside 0-23'],
  ['0 0 0 * *', 'its day of month field has 0, outside 1-31'],
  ['0 0 * 13 *', 'its month field has 13, outside 1-12'],
  ['0 0 * * 8', 'its day of week field has 8, outside 0-7'],
  ['*/0 * * * *', 'its minute field has a step of 0'],
  ['0 10-2 * * *', 'its hour field has the range 10-2, which runs backwards'],
  ['0 0 * * funday', 'its day of week field has "funday", which is neither a number nor a name'],
  ['0 1* * * *', 'its hour field has "1*", which cron cannot read'],
  ['a b c d e', 'its minute field has "a", which is neither a number nor a name'],
  ['0 0 30 2 *', 'never fires: none of its months has any of its days of month'],
  ['0 0 31 4,6,9,11 *', 'never fires'],
];

describe('cronProblem (SYNC_CRON)', () => {
  it.each(GOOD)('takes %j, as the scheduler does', (expression) => {
    expect(cronProblem(expression)).toBeNull();
    expect(schedulerTakes(expression)).toBe(true);
  });

  it.each(BAD)('refuses %j (%s), as the scheduler does', (expression, reason) => {
    expect(cronProblem(expression)).toContain(reason);
    expect(schedulerTakes(expression)).toBe(false);
  });

  it.each([
    ['0 1 * *', 'it has 4 fields'],
    ['0 0 1 * * *', 'it has 6 fields'],
    ['', 'it has 0 fields'],
    ['@daily', 'it has 1 field'],
  ])('wants exactly five fields: refuses %j (%s), which the scheduler would read otherwise or not at all', (expression, reason) => {
    expect(cronProblem(expression)).toEqual(expect.stringContaining('must be a five-field cron expression'));
    expect(cronProblem(expression)).toContain(reason);
  });
});

// SYNC_CRON, checked as the config is read: a five-field cron expression the scheduler of
// @nestjs/schedule (the `cron` package) accepts, and one that ever fires. Without this a typo
// surfaced only once Nest had started, as the scheduler's own error, naming no variable.
// cron-expression.spec.ts holds these rules to the scheduler's on a table of expressions.

interface Field {
  name: string;
  low: number;
  high: number;
  aliases?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const WEEKDAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: readonly Field[] = [
  { name: 'minute', low: 0, high: 59 },
  { name: 'hour', low: 0, high: 23 },
  { name: 'day of month', low: 1, high: 31 },
  { name: 'month', low: 1, high: 12, aliases: MONTHS },
  // 0 and 7 are both Sunday.
  { name: 'day of week', low: 0, high: 7, aliases: WEEKDAYS },
];

/** The longest each month gets (February: in a leap year). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `*`, `*\/n`, `a`, `a/n` (a to the end, every n), `a-b`, `a-b/n`; a and b numbers or names. */
const PART = /^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/;

class Problem extends Error {}

function valueOf(text: string, field: Field): number {
  const value = /^\d+$/.test(text) ? Number(text) : field.aliases?.[text];
  if (value === undefined) throw new Problem(`its ${field.name} field has "${text}", which is neither a number nor a name`);
  if (value < field.low || value > field.high) throw new Problem(`its ${field.name} field has ${value}, outside ${field.low}-${field.high}`);
  return value;
}

/** The values a field stands for. */
function parseField(text: string, field: Field): Set<number> {
  const values = new Set<number>();
  for (const part of text.toLowerCase().split(',')) {
    const match = PART.exec(part);
    if (!match) throw new Problem(`its ${field.name} field has "${part}", which cron cannot read`);
    const [, star, from, to, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step === 0) throw new Problem(`its ${field.name} field has a step of 0`);
    const lower = star ? field.low : valueOf(from as string, field);
    const upper = star ? field.high : to !== undefined ? valueOf(to, field) : stepText !== undefined ? field.high : lower;
    if (lower > upper) throw new Problem(`its ${field.name} field has the range ${part}, which runs backwards`);
    for (let value = lower; value <= upper; value += step) values.add(value);
  }
  return values;
}

/**
 * What is wrong with a SYNC_CRON value, as the end of a sentence that starts with its name; null
 * when the scheduler takes it and it fires. Five fields (minute hour day-of-month month
 * day-of-week), read in UTC.
 */
export function cronProblem(expression: unknown): string | null {
  if (typeof expression !== 'string') return 'must be text: a five-field cron expression such as 0 1,7,13,19 * * *';
  const fields = expression.trim() === '' ? [] : expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `must be a five-field cron expression (minute hour day-of-month month day-of-week) such as 0 1,7,13,19 * * *; it has ${fields.length} field${fields.length === 1 ? '' : 's'}`;
  }
  try {
    const [, , days, months, weekdays] = fields.map((text, index) => parseField(text, FIELDS[index] as Field));
    // Days of month and of week are either-or when both are restricted: then some day always comes.
    const everyWeekday = [0, 1, 2, 3, 4, 5, 6].every((day) => weekdays?.has(day) || (day === 0 && weekdays?.has(7)));
    const aDayComes = [...(months ?? [])].some((month) => [...(days ?? [])].some((day) => day <= (DAYS_IN_MONTH[month - 1] ?? 0)));
    if (everyWeekday && !aDayComes) return 'never fires: none of its months has any of its days of month';
    return null;
  } catch (error) {
    if (error instanceof Problem) return `is not a cron expression the scheduler accepts: ${error.message}`;
    throw error;
  }
}

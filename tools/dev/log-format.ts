// Turns the services' JSON log lines into one readable line each for the terminal; anything that
// is not a pino line is shown as it came.
const LEVEL_COLOUR: Record<string, string> = { error: '\x1b[31m', fatal: '\x1b[31m', warn: '\x1b[33m', debug: '\x1b[90m' };
const SKIP = new Set(['level', 'time', 'service', 'pid', 'name', 'msg', 'context', 'hostname']);

export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const level = String(entry['level'] ?? 'info');
    const time = String(entry['time'] ?? '').slice(11, 23);
    const extras = Object.entries(entry)
      .filter(([key]) => !SKIP.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' ');
    const colour = LEVEL_COLOUR[level] ?? '';
    return `${time} ${colour}${level.padEnd(5)}\x1b[0m ${String(entry['msg'] ?? '')}${extras ? `  \x1b[90m${extras}\x1b[0m` : ''}`;
  } catch {
    return line;
  }
}

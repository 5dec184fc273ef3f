// `npm run companion -- --file <PATTSync.lua> --api-url <url>` (the key from PATT_API_KEY): the
// PATT companion, run by a guild officer on the PC where they play. See apps/companion/README.md.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { Companion } from './companion';
import { defaultArchiveDir, helpText, parseOptions, UsageError } from './options';
import { clockTime } from './report';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(process.argv.slice(2), {
      env: process.env,
      // npm run moves to the repository; INIT_CWD is where the officer typed the command.
      cwd: process.env['INIT_CWD'] || process.cwd(),
      platform: process.platform,
      readKeyFile: (path) => readFileSync(path, 'utf8'),
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`companion: ${error.message}.`);
    return 2;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(`${helpText(defaultArchiveDir(process.platform, process.env, homedir()))}\n`);
    return 0;
  }

  const companion = new Companion(parsed.options, {
    output: {
      info: (line) => process.stdout.write(`${line}\n`),
      problem: (line) => process.stderr.write(`${line}\n`),
    },
  });
  companion.describeStart();
  if (parsed.options.once) return companion.once();
  const stop = () => companion.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await companion.watch();
  process.stdout.write(`${clockTime(new Date())} stopped\n`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Kept-alive HTTP connections may hold the process a few seconds more; it has nothing left to do.
    setTimeout(() => process.exit(code), 1_000).unref();
  },
  (error: unknown) => {
    console.error(`companion: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);

// `npm test`: finds Postgres and NATS the way `npm start` does, checks the code (lint with zero
// warnings, types), builds every app, then runs every test — unit, integration against the real
// Postgres and NATS (each suite on a database, stream and subject root of its own), and
// end-to-end across real processes. Extra arguments go to jest (`npm test -- apps/auth`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureInfra, ROOT } from './infra';

function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  return result.status ?? 1;
}

async function main(): Promise<number> {
  const jestArgs = process.argv.slice(2);
  const quick = jestArgs.length > 0;
  const infra = await ensureInfra((line) => console.log(`▶ ${line}`));
  try {
    const nx = join(ROOT, 'node_modules/.bin/nx');
    const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' };
    if (!quick) {
      const checked = run('lint and typecheck', nx, ['run-many', '-t', 'lint', 'typecheck', '--outputStyle=static', '--parallel=2'], nxEnv);
      if (checked !== 0) return checked;
    }
    const built = run('build', nx, ['run-many', '-t', 'build', '--outputStyle=static'], nxEnv);
    if (built !== 0) return built;
    return run('jest', process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), '--ci', '--maxWorkers=2', ...jestArgs], {
      ...process.env,
      PATT_TEST_ADMIN_URL: infra.adminUrl,
      PATT_TEST_NATS_URL: infra.natsUrl,
    });
  } finally {
    await infra.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

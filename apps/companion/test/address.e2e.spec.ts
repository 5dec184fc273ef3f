// Where the companion sends the API key, with the companion run as `npm run companion` runs it:
// never past a redirect (a real server that redirects to another host, which must hear nothing),
// and never over plain http to another machine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompanionProcess, startCompanion } from './support/companion-process';
import { pattSyncFile } from './support/export-file';

jest.setTimeout(60_000);

const KEY = 'patt_redirectTestKey0123456789abcdefghijklmnopq';

interface Heard {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('the companion sends the API key to the address it was given, and nowhere else', () => {
  /** Answers every upload with a redirect to `elsewhere`. */
  let redirecting: Server;
  /** Another host (localhost, not 127.0.0.1) that answers as the platform would. */
  let elsewhere: Server;
  let redirectingUrl: string;
  let heardByRedirecting: Heard[];
  let heardElsewhere: Heard[];
  let status: number;
  let root: string;
  let file: string;
  const running: CompanionProcess[] = [];

  beforeAll(async () => {
    heardByRedirecting = [];
    heardElsewhere = [];
    elsewhere = createServer((request, response) => {
      heardElsewhere.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, data: { runId: 'elsewhere-run', matched: 1, updated: 1, notFound: 0 } }));
    });
    const elsewherePort = await listen(elsewhere);
    redirecting = createServer((request, response) => {
      heardByRedirecting.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      response.writeHead(status, { location: `http://localhost:${elsewherePort}${request.url ?? '/'}` });
      response.end();
    });
    redirectingUrl = `http://127.0.0.1:${await listen(redirecting)}`;

    root = mkdtempSync(join(tmpdir(), 'companion-address-'));
    mkdirSync(join(root, 'SavedVariables'));
    file = join(root, 'SavedVariables', 'PATTSync.lua');
    writeFileSync(file, pattSyncFile(Date.parse('2026-11-26T12:00:00Z') / 1000, [{ name: 'Trogdor', realm: 'Area52', note: 'Main' }]));
  });

  afterAll(async () => {
    await Promise.all(running.map((companion) => companion.stop()));
    await Promise.all([close(redirecting), close(elsewhere)]);
    rmSync(root, { recursive: true, force: true });
  });

  const run = (apiUrl: string, extra: string[] = []): CompanionProcess => {
    const companion = startCompanion(['--file', file, '--api-url', apiUrl, '--archive-dir', join(root, 'archive'), '--settle', '0', ...extra], { PATT_API_KEY: KEY });
    running.push(companion);
    return companion;
  };

  it.each([302, 307])('--once: a %i to another host is not followed, the key never reaches it, and the companion says why (exit 1)', async (redirect) => {
    status = redirect;
    const before = heardByRedirecting.length;
    const companion = run(redirectingUrl, ['--once']);
    expect(await companion.exited).toBe(1);
    expect(heardByRedirecting.slice(before)).toHaveLength(1);
    expect(heardByRedirecting[before]?.headers['x-api-key']).toBe(KEY);
    expect(heardElsewhere).toEqual([]);
    const stopping = companion.stderr.find((line) => line.includes(' stopping: '));
    expect(stopping).toMatch(/^\d\d:\d\d:\d\d stopping: /);
    expect(stopping?.slice(9)).toBe(
      `stopping: ${redirectingUrl}/api/v1/guild-sync/addon-uploads answered with a redirect, which the companion never follows (the API key would go along to wherever it points): give --api-url the platform's own https address`,
    );
    expect(companion.stdout.join('\n')).not.toMatch(/uploaded export/);
  });

  it('watching: stops at the first redirect rather than meeting it at every export (exit 1)', async () => {
    status = 301;
    const companion = run(redirectingUrl, ['--poll-interval', '250ms']);
    await companion.waitForLine(/stopping: .* answered with a redirect/);
    expect(await companion.exited).toBe(1);
    expect(heardElsewhere).toEqual([]);
  });

  it('refuses a plain-http address to another machine before sending anything: one sentence, exit 2', async () => {
    const before = heardByRedirecting.length;
    const companion = run('http://patt.example.org');
    expect(await companion.exited).toBe(2);
    expect(companion.stderr).toEqual([
      'companion: --api-url must start with https://: over http://patt.example.org the API key and the notes would travel unencrypted (plain http is accepted only to this computer: localhost, 127.0.0.1 or [::1]).',
    ]);
    expect(heardByRedirecting).toHaveLength(before);
  });
});

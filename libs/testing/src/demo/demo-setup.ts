// What `npm start` does for the demo once the platform is up, through the public API as an officer
// would: map the guild's ranks to the demo server's rank roles (first start only), wait for the
// first roster sync (the platform starts it by itself), and upload the addon export with its
// guild and officer notes (once). The demo's end-to-end test runs this same code.
import type { AddonUploadResult, GuildSyncStatus, Rank, Session } from '@patt/contracts';
import { serializeSavedVariables, type LuaValue } from '@patt/savedvariables';
import { RANK_ROLE_OF_LEVEL, type RankRoleName } from '../discord/model/types';
import type { DemoGuild } from './demo-guild';

const FINISHED = new Set(['succeeded', 'partial', 'failed']);

/** A refusal of the API, with its status. */
class ApiRefusal extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface DemoSetupOptions {
  /** The gateway, e.g. http://127.0.0.1:3000. */
  gatewayUrl: string;
  /** An officer's (the first Guild Leader's) credentials. */
  username: string;
  password: string;
  /** The Discord stand-in's rank roles, as it announces them. */
  rankRoleIds: Record<RankRoleName, string>;
  demo: DemoGuild;
  say?: (line: string) => void;
  /** How long to wait for the first roster sync. Default 3 minutes. */
  syncTimeoutMs?: number;
}

export interface DemoSetupOutcome {
  /** Ranks given their Discord role now (0 when the guild had mapped them already). */
  ranksMapped: number;
  /** The upload's answer; null when an export had been uploaded before, or the roster never synced. */
  upload: AddonUploadResult | null;
}

/** The addon's SavedVariables file for an export, as WoW writes it. */
export function savedVariablesOf(demo: DemoGuild): string {
  const lastExport = demo.addonExport as unknown as LuaValue;
  return serializeSavedVariables({ PATTSyncDB: { lastExport, lastExportTime: demo.addonExport.exportTime, totalExports: 1 } });
}

export async function setUpDemo(options: DemoSetupOptions): Promise<DemoSetupOutcome> {
  const say = options.say ?? (() => undefined);
  /** One API call; a 503 (a service too busy to answer in time, on a loaded machine) is asked again when `again` allows. */
  const call = async <T>(path: string, init: { method?: string; token?: string; json?: unknown; text?: string; again?: boolean } = {}): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${options.gatewayUrl}/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.text !== undefined ? { 'content-type': 'text/plain; charset=utf-8' } : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        body: init.json !== undefined ? JSON.stringify(init.json) : init.text,
      });
      const body = (await response.json()) as { ok: true; data: T } | { ok: false; error: string; code: string };
      if (body.ok) return body.data;
      if (response.status === 503 && init.again !== false && attempt < 10) {
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
        continue;
      }
      throw new ApiRefusal(`${init.method ?? 'GET'} ${path}: ${response.status} ${body.code}: ${body.error}`, response.status);
    }
  };

  const { accessToken: token } = await call<Session>('/auth/login', { method: 'POST', json: { username: options.username, password: options.password } });

  // The ranks take the server's rank roles, unless the guild has mapped any itself.
  const ranks = (await call<{ items: Rank[] }>('/ranks', { token })).items;
  let ranksMapped = 0;
  if (ranks.every((rank) => rank.discordRoleId === null)) {
    for (const rank of ranks) {
      const roleId = options.rankRoleIds[RANK_ROLE_OF_LEVEL[rank.level]];
      if (!roleId) continue;
      await call<Rank>(`/ranks/${rank.level}`, { method: 'PATCH', token, json: { discordRoleId: roleId } });
      ranksMapped += 1;
    }
    say(`demo: the ${ranksMapped} ranks now go with the demo server's rank roles (Ranks page)`);
  }

  // The first roster sync starts by itself on an empty roster; the export's characters need it.
  const deadline = Date.now() + (options.syncTimeoutMs ?? 180_000);
  let status: GuildSyncStatus;
  for (;;) {
    status = await call<GuildSyncStatus>('/guild-sync/status', { token });
    const run = status.lastRuns.blizzard;
    if (run && FINISHED.has(run.status)) break;
    if (Date.now() > deadline) {
      say('demo: no roster sync has finished yet; the addon export is not uploaded (start a sync on the Sync page, then restart)');
      return { ranksMapped, upload: null };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (status.lastRuns.blizzard?.status === 'failed') {
    say(`demo: the roster sync failed (${status.lastRuns.blizzard.error ?? 'see guild-sync'}); the addon export is not uploaded`);
    return { ranksMapped, upload: null };
  }
  if (status.lastRuns.addon) return { ranksMapped, upload: null };

  // The export, uploaded as the companion would: the SavedVariables file itself. An upload that timed
  // out may still have been applied: the status says so before it is sent again.
  let upload: AddonUploadResult | null = null;
  for (let attempt = 1; upload === null; attempt += 1) {
    try {
      upload = await call<AddonUploadResult>('/guild-sync/addon-uploads', { method: 'POST', token, text: savedVariablesOf(options.demo), again: false });
    } catch (error) {
      if (!(error instanceof ApiRefusal) || error.status !== 503 || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000 * attempt));
      const after = await call<GuildSyncStatus>('/guild-sync/status', { token });
      if (after.lastRuns.addon) {
        say('demo: the addon export was uploaded (guild-sync answered late)');
        return { ranksMapped, upload: null };
      }
    }
  }
  say(`demo: addon export uploaded (${upload.matched} characters matched, ${upload.updated} with notes); alts join their mains as identity reads the notes`);
  return { ranksMapped, upload };
}

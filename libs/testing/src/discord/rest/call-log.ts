import { WaitableLog } from '../util/waitable-log';
import type { DiscordRouteKey } from './route-keys';

/** One REST request the bot made, as the stand-in answered it. */
export interface DiscordRestCall {
  /** Order of arrival, from 1. */
  seq: number;
  /** Epoch ms when the request arrived. */
  at: number;
  method: string;
  /** Path after /api/v10, e.g. /guilds/123/members/456/roles/789. */
  path: string;
  /** The matched route, e.g. 'PUT /guilds/:guildId/members/:userId/roles/:roleId'; null when none matched. */
  route: DiscordRouteKey | null;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The parsed JSON body, if any. */
  body: unknown;
  status: number;
  /** Discord's JSON error code for 4xx answers. */
  errorCode?: number;
  /** X-Audit-Log-Reason, decoded. */
  reason?: string;
  /** The rate-limit bucket the route belongs to, if limited. */
  bucket?: string;
}

/** The calls so far, numbered, and a way to wait for one still to come. */
export class CallLog extends WaitableLog<DiscordRestCall> {
  private seq = 0;

  constructor() {
    super('Discord REST call');
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}

import { GatewayOpcodes } from 'discord-api-types/v10';
import { isJsonObject } from '../util/json';

/** What a client may send the gateway, checked from raw JSON. */
export type ClientFrame =
  | { op: GatewayOpcodes.Heartbeat; seq: number | null }
  | { op: GatewayOpcodes.Identify; identify: IdentifyFrame }
  | { op: GatewayOpcodes.Resume; resume: ResumeFrame }
  | { op: GatewayOpcodes.RequestGuildMembers; request: RequestMembersFrame }
  | { op: GatewayOpcodes.PresenceUpdate | GatewayOpcodes.VoiceStateUpdate | GatewayOpcodes.RequestSoundboardSounds }
  | { op: 'unknown'; code: number };

export interface IdentifyFrame {
  token: string;
  intents: number;
  largeThreshold?: number;
  shard?: [number, number];
}

export interface ResumeFrame {
  token: string;
  sessionId: string;
  seq: number | null;
}

export interface RequestMembersFrame {
  guildIds: string[];
  query?: string;
  limit: number;
  userIds?: string[];
  nonce?: string;
}

/** Thrown for a frame Discord would close the connection over with 4002 (decode error). */
export class DecodeError extends Error {}

const fail = (why: string): never => {
  throw new DecodeError(why);
};

const stringIds = (value: unknown): string[] | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((id): id is string => typeof id === 'string')) return value;
  return fail('ids must be a string or a list of strings');
};

/** Parses one text frame; throws DecodeError when it is not a well-formed payload. */
export function parseClientFrame(text: string): ClientFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch {
    return fail('not JSON');
  }
  if (!isJsonObject(raw) || typeof raw['op'] !== 'number') return fail('no op');
  const d = raw['d'];
  switch (raw['op']) {
    case GatewayOpcodes.Heartbeat:
      if (d !== null && d !== undefined && typeof d !== 'number') return fail('heartbeat d must be a number or null');
      return { op: GatewayOpcodes.Heartbeat, seq: typeof d === 'number' ? d : null };
    case GatewayOpcodes.Identify: {
      if (!isJsonObject(d) || typeof d['token'] !== 'string' || typeof d['intents'] !== 'number')
        return fail('identify needs token and intents');
      const identify: IdentifyFrame = { token: d['token'], intents: d['intents'] };
      if (typeof d['large_threshold'] === 'number') identify.largeThreshold = d['large_threshold'];
      const shard = d['shard'];
      if (Array.isArray(shard) && shard.length === 2 && typeof shard[0] === 'number' && typeof shard[1] === 'number') {
        identify.shard = [shard[0], shard[1]];
      }
      return { op: GatewayOpcodes.Identify, identify };
    }
    case GatewayOpcodes.Resume: {
      if (!isJsonObject(d) || typeof d['token'] !== 'string' || typeof d['session_id'] !== 'string')
        return fail('resume needs token and session_id');
      const seq = d['seq'];
      if (seq !== null && typeof seq !== 'number') return fail('resume seq must be a number');
      return { op: GatewayOpcodes.Resume, resume: { token: d['token'], sessionId: d['session_id'], seq } };
    }
    case GatewayOpcodes.RequestGuildMembers: {
      if (!isJsonObject(d)) return fail('request guild members needs d');
      const guildIds = stringIds(d['guild_id']) ?? fail('guild_id is required');
      const request: RequestMembersFrame = { guildIds, limit: typeof d['limit'] === 'number' ? d['limit'] : 0 };
      if (typeof d['query'] === 'string') request.query = d['query'];
      const userIds = stringIds(d['user_ids']);
      if (userIds) request.userIds = userIds;
      if (typeof d['nonce'] === 'string') request.nonce = d['nonce'];
      if (request.query === undefined && request.userIds === undefined) return fail('query or user_ids is required');
      return { op: GatewayOpcodes.RequestGuildMembers, request };
    }
    case GatewayOpcodes.PresenceUpdate:
    case GatewayOpcodes.VoiceStateUpdate:
    case GatewayOpcodes.RequestSoundboardSounds:
      return { op: raw['op'] };
    default:
      return { op: 'unknown', code: raw['op'] };
  }
}

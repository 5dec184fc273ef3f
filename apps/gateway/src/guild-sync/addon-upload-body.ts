// The body of POST /guild-sync/addon-uploads, from bytes or JSON to the trimmed export guild-sync
// applies. Pure: no I/O, every refusal a ServiceException whose sentence says what is wrong.
import { ADDON_UPLOAD_LIMITS, AddonUpload, ErrorCode, MAX_MESSAGE_BYTES } from '@patt/contracts';
import { AddonExport, readPattSyncExport, SavedVariablesError, validateAddonExport } from '@patt/savedvariables';
import { ServiceException } from '@patt/service-kit';
import { MAX_BODY_DEPTH } from '../http/body-parsers';

/**
 * The trimmed export travels to guild-sync in one NATS request, and NATS refuses payloads over
 * 1 MiB; this leaves room for the request's framing and headers.
 */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_MESSAGE_BYTES;

const NOTHING_APPLIED = 'Nothing was applied.';

/** The export in the body: the bytes of the Lua file (text/plain), or the parsed JSON form. */
export function exportOfBody(body: unknown): AddonExport {
  if (body === undefined || (Buffer.isBuffer(body) && body.length === 0)) {
    throw new ServiceException(
      ErrorCode.BadRequest,
      'The body is empty: send the PATTSync SavedVariables file as text/plain, or its JSON form as application/json.',
    );
  }
  let exported: AddonExport;
  try {
    exported = Buffer.isBuffer(body) ? readPattSyncExport(body, { maxDepth: MAX_BODY_DEPTH }) : validateAddonExport(body);
  } catch (error) {
    if (error instanceof SavedVariablesError) throw refusal(error, body);
    throw error;
  }
  checkLimits(exported);
  return exported;
}

/** A SavedVariablesError in the contract's words: a 413 for the size limit, else a 400 that says where. */
function refusal(error: SavedVariablesError, body: unknown): ServiceException {
  if (error.kind === 'limit' && error.limit === 'maxBytes') {
    return new ServiceException(ErrorCode.PayloadTooLarge, `The upload is too large: ${error.message}. ${NOTHING_APPLIED}`);
  }
  const what =
    error.kind === 'schema' ? 'a valid PATTSync export' : error.kind === 'limit' ? 'within the limits of an upload' : 'a SavedVariables file the platform can read';
  return new ServiceException(ErrorCode.ValidationFailed, `The upload is not ${what}: ${error.message}.${hintFor(error, body)} ${NOTHING_APPLIED}`, [
    {
      field: error.path ?? 'body',
      problems: [error.reason],
      kind: error.kind,
      line: error.line,
      column: error.column,
      ...(error.limit ? { limit: error.limit } : {}),
    },
  ]);
}

/** The JSON form sent as text/plain is a common slip; say so rather than only "found '{'". */
function hintFor(error: SavedVariablesError, body: unknown): string {
  const jsonAsText = error.kind === 'syntax' && Buffer.isBuffer(body) && body.toString('utf8', 0, 64).trimStart().startsWith('{');
  return jsonAsText ? ' (The JSON form must be sent as application/json.)' : '';
}

function refuseField(field: string, problem: string): never {
  throw new ServiceException(ErrorCode.ValidationFailed, `The upload is not a valid PATTSync export: ${problem}. ${NOTHING_APPLIED}`, [
    { field, problems: [problem], kind: 'schema' },
  ]);
}

function checkLength(field: string, value: string | undefined, max: number, what: string): void {
  if (value !== undefined && value.length > max) {
    refuseField(field, `${field} is ${value.length} characters long; uploads accept at most ${max}${what}`);
  }
}

/** ADDON_UPLOAD_LIMITS, named field by field (guild-sync would refuse them less helpfully). */
function checkLimits(exported: AddonExport): void {
  const { members, shortText, note, zone } = ADDON_UPLOAD_LIMITS;
  if (exported.characters.length > members) {
    refuseField('characters', `the export lists ${exported.characters.length} members; uploads accept at most ${members} (a guild holds 1,000)`);
  }
  checkLength('addonVersion', exported.addonVersion, shortText, '');
  checkLength('guildName', exported.guildName, shortText, ' (the game allows 24)');
  exported.characters.forEach((member, index) => {
    const at = `characters[${index}]`;
    checkLength(`${at}.name`, member.name, shortText, ' (the game allows 12)');
    checkLength(`${at}.realm`, member.realm, shortText, '');
    checkLength(`${at}.note`, member.note, note, ' (the game allows 31)');
    checkLength(`${at}.officerNote`, member.officerNote, note, ' (the game allows 31)');
    checkLength(`${at}.zone`, member.zone, zone, '');
    checkLength(`${at}.lastOnline`, typeof member.lastOnline === 'string' ? member.lastOnline : undefined, shortText, '');
  });
}

/**
 * Only what guild-sync stores. A note the export leaves out (the addon omits officer notes for
 * players who may not read them) becomes null, which guild-sync reads as "keep the stored one";
 * an empty note stays "" and clears it.
 */
export function trimmedExport(exported: AddonExport): AddonUpload {
  return {
    exportTime: exported.exportTime,
    addonVersion: exported.addonVersion,
    guildName: exported.guildName,
    characters: exported.characters.map((member) => ({
      name: member.name,
      realm: member.realm,
      note: member.note ?? null,
      officerNote: member.officerNote ?? null,
      isOnline: member.isOnline ?? null,
      lastOnline: member.lastOnline === undefined ? null : String(member.lastOnline),
      zone: member.zone ?? null,
    })),
  };
}

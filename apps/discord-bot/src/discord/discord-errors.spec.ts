import { DiscordAPIError, HTTPError } from 'discord.js';
import { describeDiscordFailure, dmRefusalOf, failureText } from './discord-errors';

function apiError(status: number, code: number, message: string): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.test/api/v10/channels/1/messages', {
    body: { content: 'Your invite code: SECRET-CODE' },
  });
}

describe('Discord failures', () => {
  it('treats a 4xx as Discord refusing, and a 5xx or a network error as passing', () => {
    expect(describeDiscordFailure(apiError(403, 50013, 'Missing Permissions'))).toMatchObject({ kind: 'refused', discordCode: 50013, httpStatus: 403 });
    expect(describeDiscordFailure(apiError(502, 0, 'Bad Gateway'))).toMatchObject({ kind: 'transient' });
    expect(describeDiscordFailure(new HTTPError(503, 'Service Unavailable', 'GET', 'https://x', { body: undefined }))).toMatchObject({ kind: 'transient', httpStatus: 503 });
    expect(describeDiscordFailure(new Error('connect ECONNREFUSED'))).toMatchObject({ kind: 'transient', httpStatus: null });
  });

  it('recognises a member’s side refusing a DM', () => {
    expect(dmRefusalOf(describeDiscordFailure(apiError(403, 50007, 'Cannot send messages to this user')))).toBe('dms_closed');
    expect(dmRefusalOf(describeDiscordFailure(apiError(400, 50278, 'no mutual guilds')))).toBe('not_on_server');
    expect(dmRefusalOf(describeDiscordFailure(apiError(403, 50013, 'Missing Permissions')))).toBeNull();
  });

  it('describes a failure without what was sent', () => {
    const failure = describeDiscordFailure(apiError(403, 50007, 'Cannot send messages to this user'));
    expect(failureText(failure)).toBe('HTTP 403: Cannot send messages to this user (Discord code 50007)');
    expect(JSON.stringify(failure)).not.toContain('SECRET-CODE');
  });
});

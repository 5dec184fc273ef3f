import { ApplicationCommandType, MessageFlags, type APIApplicationCommand } from 'discord.js';
import { RankLevel } from '@patt/contracts';
import { actorOf, commandRefusal, COMMAND_REQUESTS, CommandKey, minRankOfCommand } from './command-access';
import { COMMAND_DEFINITIONS, sameDefinitions } from './command-definitions';
import { InteractionReply, Repliable } from './interaction-reply';

const asRegistered = (): APIApplicationCommand[] =>
  COMMAND_DEFINITIONS.map((definition, index) => ({
    ...definition,
    id: `${1000 + index}`,
    application_id: '1',
    guild_id: '2',
    version: '3',
    default_member_permissions: null,
    type: definition.type ?? ApplicationCommandType.ChatInput,
    description: 'description' in definition ? (definition.description ?? '') : '',
    nsfw: false,
  })) as APIApplicationCommand[];

describe('slash command definitions', () => {
  it('finds the registered commands unchanged, in any order and with Discord’s ids and defaults', () => {
    expect(sameDefinitions(asRegistered().reverse(), COMMAND_DEFINITIONS)).toBe(true);
  });

  it('sees a changed description, a missing command or an option more as a change', () => {
    const changed = asRegistered();
    (changed[0] as { description: string }).description = 'old words';
    expect(sameDefinitions(changed, COMMAND_DEFINITIONS)).toBe(false);
    expect(sameDefinitions(asRegistered().slice(1), COMMAND_DEFINITIONS)).toBe(false);
    const more = asRegistered();
    (more[1] as { options?: unknown[] }).options = [{ type: 3, name: 'extra', description: 'x' }];
    expect(sameDefinitions(more, COMMAND_DEFINITIONS)).toBe(false);
  });

  it('defines every command the rules know, and nothing else', () => {
    const names = COMMAND_DEFINITIONS.map((definition) => definition.name).sort();
    const ruled = [...new Set(Object.keys(COMMAND_REQUESTS).map((key) => key.split(' ')[0]))].sort();
    expect(names).toEqual(ruled);
  });
});

describe('who may use a command (the REST API’s rank rules)', () => {
  const member = (rank: RankLevel) => ({ discordUserId: '42', username: 'trog', member: { personId: 'p-1', rank } });
  const stranger = { discordUserId: '43', username: 'who', member: null };

  it('takes the least rank of the requests a command sends', () => {
    const expected: Record<CommandKey, RankLevel | null> = {
      whois: RankLevel.Initiate,
      me: RankLevel.Initiate,
      'get-account': RankLevel.Initiate,
      'reset-password': RankLevel.Initiate,
      'sync roster': RankLevel.Officer,
      'sync discord': RankLevel.Officer,
      issues: RankLevel.Officer,
      invite: RankLevel.Officer,
      votes: null,
    };
    for (const [command, rank] of Object.entries(expected)) expect([command, minRankOfCommand(command as CommandKey)]).toEqual([command, rank]);
  });

  it('refuses officers’ commands to members, saying why, and lets officers and the Guild Leader', () => {
    expect(commandRefusal('sync roster', member(RankLevel.Veteran))).toBe('/sync roster is for Officers and above; your rank in the guild is Veteran.');
    expect(commandRefusal('invite', member(RankLevel.Officer))).toBeNull();
    expect(commandRefusal('issues', member(RankLevel.GuildLeader))).toBeNull();
    expect(commandRefusal('whois', member(RankLevel.Initiate))).toBeNull();
  });

  it('refuses a Discord user linked to no member, except for /votes', () => {
    expect(commandRefusal('me', stranger)).toContain('not linked to a member');
    expect(commandRefusal('votes', stranger)).toBeNull();
  });

  it('acts for the invoker: their member and rank, no account id, their Discord user', () => {
    expect(actorOf(member(RankLevel.Officer))).toEqual({ userId: '', personId: 'p-1', username: 'trog', rank: RankLevel.Officer, discordUserId: '42' });
    expect(actorOf(stranger)).toBeNull();
  });
});

describe('InteractionReply: acknowledged within Discord’s 3 seconds', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const interaction = () => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    const record = (kind: string) => async (options: Record<string, unknown>) => void calls.push([kind, options]);
    const repliable: Repliable = { reply: record('reply'), deferReply: record('defer'), editReply: record('edit') };
    return { repliable, calls };
  };

  it('replies directly when the answer is ready in time, ephemeral and without mentions', async () => {
    const { repliable, calls } = interaction();
    const reply = new InteractionReply(repliable, true, 1500, () => undefined);
    await reply.final({ content: 'hello <@1>' });
    jest.advanceTimersByTime(5000);
    expect(calls).toEqual([['reply', { content: 'hello <@1>', embeds: [], components: [], allowedMentions: { parse: [] }, flags: MessageFlags.Ephemeral }]]);
  });

  it('defers a slow answer, then edits the reply with it', async () => {
    const { repliable, calls } = interaction();
    const reply = new InteractionReply(repliable, false, 1500, () => undefined);
    await jest.advanceTimersByTimeAsync(1500);
    await reply.final({ content: 'late' });
    expect(calls.map(([kind]) => kind)).toEqual(['defer', 'edit']);
    expect(calls[0]?.[1]).toEqual({});
    expect(reply.firstResponseMs).not.toBeNull();
  });

  it('shows a refusal to the invoker only, even for a public command', async () => {
    const { repliable, calls } = interaction();
    await new InteractionReply(repliable, false, 1500, () => undefined).final({ content: 'no' }, true);
    expect(calls[0]?.[1]).toMatchObject({ flags: MessageFlags.Ephemeral });
  });

  it('edits with each progress after the first reply', async () => {
    const { repliable, calls } = interaction();
    const reply = new InteractionReply(repliable, false, 0, () => undefined);
    await reply.progress({ content: '1' });
    await reply.progress({ content: '2' });
    await reply.final({ content: '3' });
    expect(calls.map(([kind, options]) => `${kind}:${String(options['content'])}`)).toEqual(['reply:1', 'edit:2', 'edit:3']);
  });
});

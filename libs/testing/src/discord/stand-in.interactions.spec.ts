import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  MessageFlags,
  Routes,
  type ApplicationCommandDataResolvable,
  type Client,
  type Interaction,
} from 'discord.js';
import { loginDiscordJs } from './discordjs-test-client';
import { generateDiscordGuild } from './model/generator';
import { DiscordRoute } from './rest/route-keys';
import { DiscordStandIn, type DiscordStandInOptions } from './stand-in';

const COMMANDS: ApplicationCommandDataResolvable[] = [
  {
    name: 'whois',
    description: 'Who is this?',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'character',
        description: 'A character',
        required: false,
      },
      {
        type: ApplicationCommandOptionType.User,
        name: 'user',
        description: 'A Discord user',
        required: false,
      },
    ],
  },
  { name: 'me', description: 'You' },
  {
    name: 'sync',
    description: 'Start a sync',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'roster',
        description: 'The roster',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'discord',
        description: 'Discord roles',
        options: [
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'dry-run',
            description: 'Only say what would change',
          },
        ],
      },
    ],
  },
];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Discord stand-in: application commands and interactions, with the real discord.js client', () => {
  let discord: DiscordStandIn;
  let client: Client<true> | undefined;
  let handler: (interaction: Interaction) => Promise<void>;
  const handlerErrors: unknown[] = [];

  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    await discord?.close();
    handlerErrors.length = 0;
  });

  async function start(options: DiscordStandInOptions = {}, register = true): Promise<Client<true>> {
    discord = await DiscordStandIn.start({
      heartbeatIntervalMs: 500,
      guild: generateDiscordGuild({ seed: 3, memberCount: 40 }),
      ...options,
    });
    const api = await loginDiscordJs(discord);
    client = api;
    api.on(Events.InteractionCreate, (interaction) => {
      handler(interaction).catch((error: unknown) => handlerErrors.push(error));
    });
    if (register) await api.guilds.cache.get(discord.guildId)?.commands.set(COMMANDS);
    return api;
  }

  /** The handler's first failure, once discord.js has heard the refusal and rejected. */
  const handlerError = async (): Promise<unknown> => {
    for (let waited = 0; handlerErrors.length === 0; waited += 20) {
      if (waited > 5_000) throw new Error('the handler did not fail');
      await sleep(20);
    }
    return handlerErrors[0];
  };

  const someMember = (index = 1): string => {
    const member = discord.members().filter((candidate) => !candidate.user.bot)[index];
    if (!member) throw new Error('no such member');
    return member.user.id;
  };

  it('registers guild commands by bulk overwrite, lists them, and keeps ids and versions for unchanged definitions', async () => {
    const api = await start({}, false);
    const guild = api.guilds.cache.get(discord.guildId);
    if (!guild) throw new Error('no guild');
    const first = await guild.commands.set(COMMANDS);
    expect([...first.values()].map((command) => command.name).sort()).toEqual(['me', 'sync', 'whois']);
    expect(discord.callsTo(DiscordRoute.overwriteGuildCommands)).toHaveLength(1);
    expect(discord.guildCommands().map((command) => command.name)).toEqual(['whois', 'me', 'sync']);

    const listed = await guild.commands.fetch();
    expect(discord.callsTo(DiscordRoute.getGuildCommands)).toHaveLength(1);
    // What a bot compares before registering. Discord answers integration_types [0] (guild install)
    // for a command defined without them, so discord.js's equals() needs them in the definition.
    for (const definition of COMMANDS) {
      const held = listed.find((command) => command.name === (definition as { name: string }).name);
      expect(held?.equals(definition as never)).toBe(false);
      expect(
        held?.equals({
          ...(definition as object),
          integrationTypes: [ApplicationIntegrationType.GuildInstall],
        } as never),
      ).toBe(true);
    }

    const before = discord.guildCommands();
    await guild.commands.set(COMMANDS);
    expect(discord.guildCommands()).toEqual(before);
    await guild.commands.set([...COMMANDS.slice(0, 2), { name: 'sync', description: 'Start a sync, now' }]);
    const after = discord.guildCommands();
    expect(after.find((command) => command.name === 'sync')?.id).toBe(before.find((command) => command.name === 'sync')?.id);
    expect(after.find((command) => command.name === 'sync')?.version).not.toBe(before.find((command) => command.name === 'sync')?.version);
    expect(after.find((command) => command.name === 'me')?.version).toBe(before.find((command) => command.name === 'me')?.version);
    expect(discord.callsTo(DiscordRoute.overwriteGuildCommands)).toHaveLength(3);
  });

  it('creates, reads and deletes one guild command, and keeps global commands apart (invocable when no guild one has the name)', async () => {
    const api = await start({}, false);
    const guild = api.guilds.cache.get(discord.guildId);
    if (!guild) throw new Error('no guild');
    const created = await guild.commands.create({ name: 'votes', description: 'Live votes' });
    expect(discord.callsTo(DiscordRoute.createGuildCommand)[0]?.status).toBe(201);
    const again = await guild.commands.create({ name: 'votes', description: 'Live votes, again' });
    expect(again.id).toBe(created.id);
    expect(discord.callsTo(DiscordRoute.createGuildCommand)[1]?.status).toBe(200);
    expect((await guild.commands.fetch(created.id)).description).toBe('Live votes, again');
    await guild.commands.delete(created.id);
    expect(discord.guildCommands()).toEqual([]);
    await expect(guild.commands.fetch(created.id)).rejects.toMatchObject({ status: 404, code: 10063 });

    await api.application.commands.set([{ name: 'ping', description: 'Global ping' }]);
    expect(discord.globalCommands().map((command) => [command.name, command.guild_id])).toEqual([['ping', undefined]]);
    expect(discord.guildCommands()).toEqual([]);
    expect((await api.application.commands.fetch()).map((command) => command.name)).toEqual(['ping']);
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: `global ${interaction.commandName}` });
    };
    const run = discord.invokeCommand({ name: 'ping', userId: someMember() });
    expect((await run.waitForReply()).content).toBe('global ping');
  });

  it('refuses a bad definition with 50035 and the field at fault', async () => {
    const api = await start({}, false);
    const guild = api.guilds.cache.get(discord.guildId);
    const refused = guild?.commands.set([{ name: 'Who Is', description: 'bad name' }]);
    await expect(refused).rejects.toMatchObject({ code: 50035, status: 400 });
    const call = discord.callsTo(DiscordRoute.overwriteGuildCommands)[0];
    expect(call?.status).toBe(400);
    expect(discord.guildCommands()).toEqual([]);
  });

  it('dispatches a command with string and user options as a member; an ephemeral reply is recorded with its allowed mentions', async () => {
    await start();
    const seen: string[] = [];
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push(
        `${interaction.commandName} by ${interaction.user.id} in ${interaction.channelId}: ` +
          `${interaction.options.getString('character')} / ${interaction.options.getUser('user')?.id} / ${interaction.options.getMember('user') ? 'member' : 'none'}`,
      );
      await interaction.reply({
        content: `<@${interaction.user.id}> asked`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    };
    const caller = someMember(1);
    const target = someMember(2);
    const run = discord.invokeCommand({
      name: 'whois',
      userId: caller,
      options: { character: 'Trogdor', user: target },
    });
    const reply = await run.waitForReply();
    expect(seen).toEqual([`whois by ${caller} in ${run.channelId}: Trogdor / ${target} / member`]);
    expect(reply).toMatchObject({
      content: `<@${caller}> asked`,
      ephemeral: true,
      loading: false,
      allowedMentions: { parse: [] },
    });
    expect(run.acknowledgement).toBe('reply');
    expect(run.acknowledgedAfterMs).toBeGreaterThanOrEqual(0);
    expect(run.acknowledgedAfterMs).toBeLessThan(3_000);
    expect(run.replyVersions).toHaveLength(1);
    // The callback carried no bot token, as discord.js sends it.
    expect(discord.callsTo(DiscordRoute.interactionCallback)[0]).toMatchObject({
      status: 204,
    });
  });

  it('dispatches subcommands with their options', async () => {
    await start();
    const seen: string[] = [];
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push(`${interaction.options.getSubcommand()} dry=${String(interaction.options.getBoolean('dry-run'))}`);
      await interaction.reply({ content: 'started' });
    };
    const run = discord.invokeCommand({
      name: 'sync',
      subcommand: 'discord',
      userId: someMember(),
      options: { 'dry-run': true },
    });
    await run.waitForReply();
    expect(run.name).toBe('sync discord');
    expect(seen).toEqual(['discord dry=true']);
    expect(run.reply?.ephemeral).toBe(false);
  });

  it('refuses, in the test, what Discord would never send: unknown commands, options and missing subcommands', async () => {
    await start();
    expect(() => discord.invokeCommand({ name: 'nope', userId: someMember() })).toThrow(/not offer/);
    expect(() =>
      discord.invokeCommand({
        name: 'whois',
        userId: someMember(),
        options: { level: 3 },
      }),
    ).toThrow(/no option 'level'/);
    expect(() => discord.invokeCommand({ name: 'sync', userId: someMember() })).toThrow(/needs a subcommand/);
    expect(() =>
      discord.invokeCommand({
        name: 'whois',
        userId: someMember(),
        options: { user: '1' },
      }),
    ).toThrow(/known user/);
  });

  it('records a deferred reply, its edits in order, and follow-ups, with their timings', async () => {
    await start();
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await sleep(150);
      await interaction.editReply({ content: 'Sync started: 0 of 3' });
      await interaction.editReply({
        content: 'Sync done: 3 of 3',
        embeds: [{ title: 'Counts', description: '3 updated' }],
      });
      await interaction.followUp({
        content: 'One more thing',
        flags: MessageFlags.Ephemeral,
      });
    };
    const run = discord.invokeCommand({
      name: 'sync',
      subcommand: 'roster',
      userId: someMember(),
    });
    await run.waitForFollowUp();
    expect(run.acknowledgement).toBe('deferred');
    expect(run.replyVersions.map((version) => [version.loading, version.content, version.ephemeral])).toEqual([
      [true, '', true],
      [false, 'Sync started: 0 of 3', true],
      [false, 'Sync done: 3 of 3', true],
    ]);
    expect(run.reply?.embeds[0]).toMatchObject({
      title: 'Counts',
      description: '3 updated',
    });
    expect(run.replyVersions[1]?.afterMs).toBeGreaterThanOrEqual(150);
    expect(run.followUps.map((message) => message.content)).toEqual(['One more thing']);
    expect(run.events.map((event) => event.kind)).toEqual(['dispatched', 'deferred', 'edit', 'edit', 'follow-up']);
  });

  it('answers the callback with its response object when asked, and fetches and deletes the reply', async () => {
    await start();
    const seen: string[] = [];
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({ content: 'hello', withResponse: true });
      seen.push(`${response.interaction.responseMessageLoading} ${response.resource?.message?.content}`);
      seen.push((await interaction.fetchReply()).content);
      await interaction.deleteReply();
    };
    const run = discord.invokeCommand({ name: 'me', userId: someMember() });
    await run.waitForEvent((event) => event.kind === 'delete');
    expect(seen).toEqual(['false hello', 'hello']);
    expect(run.reply).toBeUndefined();
    expect(run.replyVersions.map((version) => version.content)).toEqual(['hello']);
    expect(discord.callsTo(DiscordRoute.getWebhookMessage)[0]?.status).toBe(200);
    expect(discord.callsTo(DiscordRoute.deleteWebhookMessage)[0]?.status).toBe(204);
  });

  it('takes the first follow-up after a deferral as the reply, as Discord does', async () => {
    await start();
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.followUp({ content: 'here it is' });
    };
    const run = discord.invokeCommand({ name: 'me', userId: someMember() });
    const reply = await run.waitForReply();
    expect(reply.content).toBe('here it is');
    expect(run.followUps).toEqual([]);
  });

  it('refuses a callback after the acknowledgement window with 404 / 10062 Unknown interaction, and the token with it', async () => {
    await start({ interactionAcknowledgeWithinMs: 200 });
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await sleep(350);
      await interaction.reply({ content: 'too late' });
    };
    const run = discord.invokeCommand({ name: 'me', userId: someMember() });
    await run.waitForEvent((event) => event.kind === 'refused');
    const error = await handlerError();
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 404, code: 10062 });
    expect(run.acknowledgement).toBeNull();
    expect(run.reply).toBeUndefined();

    // A follow-up on an interaction never acknowledged: Discord knows no such webhook.
    const api = client as Client<true>;
    await expect(
      api.rest.post(Routes.webhook(discord.applicationId, run.token), {
        auth: false,
        body: { content: 'x' },
      }),
    ).rejects.toMatchObject({
      status: 404,
      code: 10015,
    });
  });

  it("holds Discord's own window by default: a reply 3.2 s after the dispatch is refused", async () => {
    await start();
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await sleep(3_200);
      await interaction.reply({ content: 'too late' });
    };
    const run = discord.invokeCommand({ name: 'me', userId: someMember() });
    const refused = await run.waitForEvent((event) => event.kind === 'refused', 6_000);
    expect(refused).toMatchObject({ status: 404, code: 10062 });
    expect(refused.afterMs).toBeGreaterThan(3_000);
  });

  it('takes one callback per interaction: a second is 400 / 40060', async () => {
    const api = await start();
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'first' });
    };
    const run = discord.invokeCommand({ name: 'me', userId: someMember() });
    await run.waitForReply();
    await expect(
      api.rest.post(Routes.interactionCallback(run.id, run.token), {
        auth: false,
        body: { type: 4, data: { content: 'second' } },
      }),
    ).rejects.toMatchObject({ status: 400, code: 40060 });
    expect(run.reply?.content).toBe('first');
    expect(run.refusals.map((event) => event.code)).toEqual([40060]);
    // A wrong token is an unknown interaction.
    await expect(
      api.rest.post(Routes.interactionCallback(run.id, 'not-the-token'), {
        auth: false,
        body: { type: 4, data: { content: 'x' } },
      }),
    ).rejects.toMatchObject({ status: 404, code: 10062 });
  });

  it('refuses edits and follow-ups once the token expired (401 / 50027)', async () => {
    await start({ interactionTokenLifetimeMs: 300 });
    let late: Promise<unknown> = Promise.resolve();
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      late = sleep(400).then(() => interaction.editReply({ content: 'an hour later' }));
      await late;
    };
    const run = discord.invokeCommand({ name: 'me', userId: someMember() });
    await run.waitForEvent((event) => event.kind === 'refused');
    await expect(late).rejects.toMatchObject({ status: 401, code: 50027 });
    expect(run.reply?.loading).toBe(true);
  });

  it('refuses an empty reply with 50006, leaving the interaction unacknowledged', async () => {
    await start();
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: '' });
    };
    const run = discord.invokeCommand({ name: 'me', userId: someMember() });
    await discord.waitForCall((call) => call.route === DiscordRoute.interactionCallback);
    expect(await handlerError()).toMatchObject({ status: 400, code: 50006 });
    expect(run.acknowledgement).toBeNull();
  });

  it('takes a deferred update of a click (type 6), then an edit of @original changes the message clicked', async () => {
    await start();
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('sync-again').setLabel('Again').setStyle(ButtonStyle.Secondary),
        );
        await interaction.reply({ content: 'Synced', components: [row] });
      } else if (interaction.isButton()) {
        await interaction.deferUpdate();
        await interaction.editReply({ content: 'Synced again' });
      }
    };
    const user = someMember();
    const run = discord.invokeCommand({ name: 'me', userId: user });
    const reply = await run.waitForReply();
    const click = discord.clickComponent({ userId: someMember(4), messageId: reply.id, customId: 'sync-again' });
    const edited = await click.waitForReply((message) => message.content === 'Synced again');
    expect(click.acknowledgement).toBe('deferred-update');
    expect(edited.id).toBe(reply.id);
    expect(run.replyVersions.map((version) => version.content)).toEqual(['Synced', 'Synced again']);
    expect(click.events.map((event) => event.kind)).toEqual(['dispatched', 'deferred-update', 'edit']);
  });

  it('dispatches a button click on a reply; an update edits the message the button is on', async () => {
    await start();
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('get-account').setLabel('Get an account').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setURL('https://patt.example/link').setLabel('Link Battle.net').setStyle(ButtonStyle.Link),
        );
        await interaction.reply({
          content: 'You',
          components: [row],
          flags: MessageFlags.Ephemeral,
        });
      } else if (interaction.isButton()) {
        await interaction.update({
          content: `Clicked ${interaction.customId}`,
          components: [],
        });
      }
    };
    const user = someMember();
    const run = discord.invokeCommand({ name: 'me', userId: user });
    const reply = await run.waitForReply();
    expect(JSON.stringify(reply.components)).toContain('https://patt.example/link');
    expect(() =>
      discord.clickComponent({
        userId: someMember(3),
        messageId: reply.id,
        customId: 'get-account',
      }),
    ).toThrow(/ephemeral/);
    const click = discord.clickComponent({
      userId: user,
      messageId: reply.id,
      customId: 'get-account',
    });
    const updated = await click.waitForReply();
    expect(click.acknowledgement).toBe('update');
    expect(updated).toMatchObject({
      id: reply.id,
      content: 'Clicked get-account',
      components: [],
      ephemeral: true,
    });
    expect(run.reply?.content).toBe('Clicked get-account');
  });
});

import { Logger } from '@nestjs/common';
import { Client, Events } from 'discord.js';
import type { DiscordBotConfig } from '../app/discord-bot.config';
import { Readiness } from '@patt/service-kit';
import { DiscordConnection } from './discord-connection';
import { GatewayLeadership } from './gateway-leadership';

describe('DiscordConnection', () => {
  afterEach(() => jest.restoreAllMocks());

  it('warns of a gateway disconnect and reconnect while running, and says nothing of them while the service stops', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const config = { DISCORD_TOKEN: 'token', DISCORD_GUILD_ID: '1', DISCORD_API_URL: 'http://127.0.0.1:9' } as DiscordBotConfig;
    const connection = new DiscordConnection(config, new GatewayLeadership(config), new Readiness());
    // The client as the connection makes it (with its listeners), without logging in.
    const client = (connection as unknown as { createClient(): Client }).createClient();

    client.emit(Events.ShardDisconnect, { code: 1006 } as never, 0);
    client.emit(Events.ShardReconnecting, 0);
    expect(warn.mock.calls.map((call) => call.at(-1))).toEqual(['Discord gateway disconnected', 'Discord gateway reconnecting']);

    warn.mockClear();
    await connection.onApplicationShutdown();
    client.emit(Events.ShardDisconnect, { code: 1000 } as never, 0);
    client.emit(Events.ShardReconnecting, 0);
    expect(warn).not.toHaveBeenCalled();
    await client.destroy();
  });
});

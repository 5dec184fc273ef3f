import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type ClientEvents, type ClientOptions } from 'discord.js';
import type { DiscordStandIn } from './stand-in';

/**
 * Logs a real discord.js client into a stand-in, with the intents the Discord bot uses, and waits
 * for 'clientReady' (after GUILD_CREATE). Destroy it with `client.destroy()`.
 */
export async function loginDiscordJs(discord: DiscordStandIn, options: Partial<ClientOptions> = {}): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    ...options,
    rest: { ...options.rest, api: discord.apiUrl },
  });
  const ready = once(client, Events.ClientReady);
  try {
    await client.login(discord.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  if (!client.isReady()) throw new Error('discord.js did not become ready');
  return client;
}

/** Resolves with the arguments of the next `event` whose arguments match. */
export function nextEvent<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  match: (...args: ClientEvents[E]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]): void => {
      if (!match(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`discord.js emitted no matching ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on(event, listener);
  });
}

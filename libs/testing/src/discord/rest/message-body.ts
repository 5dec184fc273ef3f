import { EmbedType, type APIEmbed, type APIEmbedField } from 'discord-api-types/v10';
import { isJsonObject, type JsonObject } from '../util/json';
import { DiscordErrors, FormErrors } from './errors';

/** Discord's documented message and embed limits. */
export const DISCORD_MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Title, description, field names and values, footer text and author names of all embeds. */
  totalEmbedCharacters: 6000,
  color: 0xffffff,
  nonce: 25,
} as const;

export interface MessageBody {
  content: string;
  embeds: APIEmbed[];
  /** What the sender tags the message with (an integer or up to 25 characters), kept as text. */
  nonce?: string;
  /** With a nonce: a second message of the same author and nonce within a few minutes returns the first instead. */
  enforceNonce: boolean;
}

type Path = (string | number)[];
const isObject = isJsonObject;

/** Discord counts characters, not UTF-16 units. */
const characters = (text: string): number => [...text].length;

/**
 * Validates a POST /channels/{id}/messages body like Discord does and returns the message to store.
 * Throws 400 with code 50035 (and Discord's nested `errors`) or 50006 for an empty message.
 */
export function parseMessageBody(body: unknown): MessageBody {
  const errors = new FormErrors();
  if (!isObject(body)) {
    errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    errors.throwIfAny();
    return { content: '', embeds: [], enforceNonce: false };
  }
  const reader = new FieldReader(errors);
  const content = reader.string(body['content'], ['content'], DISCORD_MESSAGE_LIMITS.content) ?? '';
  const nonce = reader.nonce(body['nonce']);
  const enforceNonce = body['enforce_nonce'];
  if (enforceNonce !== undefined && enforceNonce !== null && typeof enforceNonce !== 'boolean') {
    errors.add(['enforce_nonce'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  }

  const embeds: APIEmbed[] = [];
  const rawEmbeds = body['embeds'];
  if (rawEmbeds !== undefined && rawEmbeds !== null) {
    if (!Array.isArray(rawEmbeds)) {
      errors.add(['embeds'], 'BASE_TYPE_LIST', 'Must be a list.');
    } else if (rawEmbeds.length > DISCORD_MESSAGE_LIMITS.embeds) {
      errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_MESSAGE_LIMITS.embeds} or fewer in length.`);
    } else {
      rawEmbeds.forEach((raw: unknown, index) => {
        const embed = reader.embed(raw, ['embeds', index]);
        if (embed) embeds.push(embed);
      });
      if (errors.empty && embeds.reduce((sum, embed) => sum + discordEmbedSize(embed), 0) > DISCORD_MESSAGE_LIMITS.totalEmbedCharacters) {
        errors.add(
          ['embeds'],
          'MAX_EMBED_SIZE_EXCEEDED',
          `Embed size exceeds maximum size of ${DISCORD_MESSAGE_LIMITS.totalEmbedCharacters}`,
        );
      }
    }
  }
  errors.throwIfAny();

  const hasOtherContent = ['sticker_ids', 'components', 'poll', 'attachments'].some((key) => {
    const value = body[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
  });
  if (content.trim() === '' && embeds.length === 0 && !hasOtherContent) throw DiscordErrors.emptyMessage();
  return { content, embeds, ...(nonce !== undefined ? { nonce } : {}), enforceNonce: enforceNonce === true };
}

/** The characters of an embed that count towards the 6000 limit. */
export function discordEmbedSize(embed: APIEmbed): number {
  let size = characters(embed.title ?? '') + characters(embed.description ?? '');
  size += characters(embed.footer?.text ?? '') + characters(embed.author?.name ?? '');
  for (const field of embed.fields ?? []) size += characters(field.name) + characters(field.value);
  return size;
}

class FieldReader {
  constructor(private readonly errors: FormErrors) {}

  string(value: unknown, path: Path, max: number, required = false): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.errors.add(path, 'BASE_TYPE_STRING', `Could not interpret "${String(value)}" as string.`);
      return undefined;
    }
    if (required && value.trim() === '') {
      this.errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (characters(value) > max) {
      this.errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
      return undefined;
    }
    return value;
  }

  /** Discord takes an integer or a string of at most 25 characters. */
  nonce(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value !== 'string') {
      this.errors.add(['nonce'], 'BASE_TYPE_STRING', `Could not interpret "${String(value)}" as string.`);
      return undefined;
    }
    if (characters(value) > DISCORD_MESSAGE_LIMITS.nonce) {
      this.errors.add(['nonce'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_MESSAGE_LIMITS.nonce} or fewer in length.`);
      return undefined;
    }
    return value;
  }

  embed(raw: unknown, path: Path): APIEmbed | undefined {
    if (!isObject(raw)) {
      this.errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return undefined;
    }
    const embed: APIEmbed = { type: EmbedType.Rich };
    const title = this.string(raw['title'], [...path, 'title'], DISCORD_MESSAGE_LIMITS.title);
    if (title !== undefined) embed.title = title;
    const description = this.string(raw['description'], [...path, 'description'], DISCORD_MESSAGE_LIMITS.description);
    if (description !== undefined) embed.description = description;
    const url = this.string(raw['url'], [...path, 'url'], 2048);
    if (url !== undefined) embed.url = url;
    const timestamp = this.string(raw['timestamp'], [...path, 'timestamp'], 64);
    if (timestamp !== undefined) {
      if (Number.isNaN(Date.parse(timestamp)))
        this.errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', `Could not parse ${timestamp}. Should be ISO8601.`);
      else embed.timestamp = timestamp;
    }
    const color = raw['color'];
    if (color !== undefined && color !== null) {
      if (typeof color !== 'number' || !Number.isInteger(color)) {
        this.errors.add([...path, 'color'], 'NUMBER_TYPE_COERCE', `Value "${String(color)}" is not int.`);
      } else if (color < 0 || color > DISCORD_MESSAGE_LIMITS.color) {
        this.errors.add(
          [...path, 'color'],
          'NUMBER_TYPE_MAX',
          `int value should be less than or equal to ${DISCORD_MESSAGE_LIMITS.color}.`,
        );
      } else {
        embed.color = color;
      }
    }
    const footer = this.object(raw['footer'], [...path, 'footer']);
    if (footer) {
      const text = this.string(footer['text'], [...path, 'footer', 'text'], DISCORD_MESSAGE_LIMITS.footerText, true);
      const iconUrl = this.string(footer['icon_url'], [...path, 'footer', 'icon_url'], 2048);
      if (text !== undefined) embed.footer = { text, ...(iconUrl !== undefined ? { icon_url: iconUrl } : {}) };
    }
    const author = this.object(raw['author'], [...path, 'author']);
    if (author) {
      const name = this.string(author['name'], [...path, 'author', 'name'], DISCORD_MESSAGE_LIMITS.authorName, true);
      const authorUrl = this.string(author['url'], [...path, 'author', 'url'], 2048);
      const iconUrl = this.string(author['icon_url'], [...path, 'author', 'icon_url'], 2048);
      if (name !== undefined) {
        embed.author = {
          name,
          ...(authorUrl !== undefined ? { url: authorUrl } : {}),
          ...(iconUrl !== undefined ? { icon_url: iconUrl } : {}),
        };
      }
    }
    for (const key of ['image', 'thumbnail'] as const) {
      const media = this.object(raw[key], [...path, key]);
      if (media) {
        const mediaUrl = this.string(media['url'], [...path, key, 'url'], 2048, true);
        if (mediaUrl !== undefined) embed[key] = { url: mediaUrl };
      }
    }
    const fields = this.fields(raw['fields'], [...path, 'fields']);
    if (fields) embed.fields = fields;
    return embed;
  }

  private object(value: unknown, path: Path): JsonObject | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) {
      this.errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return undefined;
    }
    return value;
  }

  private fields(value: unknown, path: Path): APIEmbedField[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.errors.add(path, 'BASE_TYPE_LIST', 'Must be a list.');
      return undefined;
    }
    if (value.length > DISCORD_MESSAGE_LIMITS.fields) {
      this.errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_MESSAGE_LIMITS.fields} or fewer in length.`);
      return undefined;
    }
    const fields: APIEmbedField[] = [];
    value.forEach((raw: unknown, index) => {
      const field = this.object(raw, [...path, index]);
      if (!field) return;
      const name = this.string(field['name'], [...path, index, 'name'], DISCORD_MESSAGE_LIMITS.fieldName, true);
      const fieldValue = this.string(field['value'], [...path, index, 'value'], DISCORD_MESSAGE_LIMITS.fieldValue, true);
      const inline = field['inline'];
      if (name !== undefined && fieldValue !== undefined) {
        fields.push({ name, value: fieldValue, ...(typeof inline === 'boolean' ? { inline } : {}) });
      }
    });
    return fields;
  }
}

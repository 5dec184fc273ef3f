import { DiscordHttpError } from './errors';
import { DISCORD_MESSAGE_LIMITS, parseMessageBody } from './message-body';

function rejection(body: unknown): DiscordHttpError {
  try {
    parseMessageBody(body);
  } catch (error) {
    if (error instanceof DiscordHttpError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseMessageBody', () => {
  it('keeps content and embeds, ignoring fields it does not model', () => {
    const parsed = parseMessageBody({
      content: 'hi',
      tts: false,
      embeds: [
        { title: 'Report', description: 'd', color: 0xff0000, fields: [{ name: 'a', value: 'b', inline: true }], footer: { text: 'f' } },
      ],
    });
    expect(parsed).toEqual({
      content: 'hi',
      embeds: [
        {
          type: 'rich',
          title: 'Report',
          description: 'd',
          color: 0xff0000,
          fields: [{ name: 'a', value: 'b', inline: true }],
          footer: { text: 'f' },
        },
      ],
      enforceNonce: false,
    });
  });

  it.each([
    [
      'a title over 256',
      { embeds: [{ title: 'x'.repeat(257) }] },
      { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } } } },
    ],
    [
      'a description over 4096',
      { embeds: [{ description: 'x'.repeat(4097) }] },
      { embeds: { 0: { description: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_MAX_LENGTH' })] } } } },
    ],
    [
      '26 fields',
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
      { embeds: { 0: { fields: { _errors: [expect.objectContaining({ message: 'Must be 25 or fewer in length.' })] } } } },
    ],
    [
      'a field name over 256',
      { embeds: [{ fields: [{ name: 'n'.repeat(257), value: 'v' }] }] },
      { embeds: { 0: { fields: { 0: { name: expect.anything() } } } } },
    ],
    [
      'a field value over 1024',
      { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] },
      { embeds: { 0: { fields: { 0: { value: expect.anything() } } } } },
    ],
    [
      'a field without value',
      { embeds: [{ fields: [{ name: 'n' }] }] },
      { embeds: { 0: { fields: { 0: { value: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_REQUIRED' })] } } } } } },
    ],
    [
      'a footer over 2048',
      { embeds: [{ footer: { text: 'f'.repeat(2049) } }] },
      { embeds: { 0: { footer: { text: expect.anything() } } } },
    ],
    ['an author over 256', { embeds: [{ author: { name: 'a'.repeat(257) } }] }, { embeds: { 0: { author: { name: expect.anything() } } } }],
    [
      '11 embeds',
      { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
      { embeds: { _errors: [expect.objectContaining({ message: 'Must be 10 or fewer in length.' })] } },
    ],
    ['content over 2000', { content: 'c'.repeat(2001) }, { content: expect.anything() }],
    [
      'more than 6000 characters over all embeds',
      { embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] },
      { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] } },
    ],
  ])('refuses %s with 400 / 50035 and the field path', (_name, body, errors) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ code: 50035, message: 'Invalid Form Body', errors });
  });

  it('accepts exactly the limits', () => {
    const fields = Array.from({ length: DISCORD_MESSAGE_LIMITS.fields }, () => ({ name: 'n', value: 'v' }));
    expect(() => parseMessageBody({ embeds: [{ title: 't'.repeat(256), fields }] })).not.toThrow();
    expect(() => parseMessageBody({ embeds: [{ description: 'x'.repeat(4096) }, { description: 'y'.repeat(1904) }] })).not.toThrow();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(() => parseMessageBody({ embeds: [{ title: '🐉'.repeat(256) }] })).not.toThrow();
  });

  it('refuses an empty message with 50006', () => {
    expect(rejection({ content: '' }).body).toEqual({ code: 50006, message: 'Cannot send an empty message' });
    expect(rejection({ embeds: [] }).body.code).toBe(50006);
  });
});

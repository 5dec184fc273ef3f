import { parseJsonBody } from './body-parsers';

describe('parseJsonBody', () => {
  it('parses JSON, including keys that merely resemble dangerous ones', () => {
    expect(parseJsonBody('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parseJsonBody('{"note":"__proto__ constructor","constructor":"a string"}')).toEqual({ note: '__proto__ constructor', constructor: 'a string' });
  });

  it('says why a body is not JSON', () => {
    expect(() => parseJsonBody('PATTSyncDB = {}')).toThrow(/^The body is not valid JSON: Unexpected token/);
    expect(() => parseJsonBody('')).toThrow('The body is empty but its content type says JSON');
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"isAdmin":true}}', '"__proto__"'],
    ['__proto__ deep down', `${'{"a":'.repeat(5000)}{"__proto__":1}${'}'.repeat(5000)}`, '"__proto__"'],
    ['constructor.prototype', '{"x":[{"constructor":{"prototype":{"isAdmin":true}}}]}', '"constructor" with a "prototype"'],
  ])('refuses %s, naming the key', (_what, body, key) => {
    expect(() => parseJsonBody(body)).toThrow(`The body has a ${key} key`);
  });

  it('walks a list of 250,000 values without running out of stack', () => {
    expect(parseJsonBody(`{"constructor":[${'0,'.repeat(250_000)}0]}`)).toEqual({ constructor: expect.any(Array) });
  });

  it('is a SyntaxError with status 400, which Nest answers as a 400 with this message', () => {
    try {
      parseJsonBody('{');
    } catch (error) {
      expect(error).toBeInstanceOf(SyntaxError);
      expect(error).toMatchObject({ status: 400 });
      return;
    }
    throw new Error('expected a refusal');
  });
});

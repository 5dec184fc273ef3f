import { jsonNestedBeyond, MAX_BODY_DEPTH, parseJsonBody } from './body-parsers';

const nested = (depth: number, open = '[', close = ']', inner = '0') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

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
    ['__proto__ deep down', `${'{"a":'.repeat(30)}{"__proto__":1}${'}'.repeat(30)}`, '"__proto__"'],
    ['constructor.prototype', '{"x":[{"constructor":{"prototype":{"isAdmin":true}}}]}', '"constructor" with a "prototype"'],
  ])('refuses %s, naming the key', (_what, body, key) => {
    expect(() => parseJsonBody(body)).toThrow(`The body has a ${key} key`);
  });

  it('walks a list of 250,000 values without running out of stack', () => {
    expect(parseJsonBody(`{"constructor":[${'0,'.repeat(250_000)}0]}`)).toEqual({ constructor: expect.any(Array) });
  });

  it(`takes bodies nested ${MAX_BODY_DEPTH} deep and refuses deeper ones, before parsing them`, () => {
    expect(MAX_BODY_DEPTH).toBe(32);
    expect(parseJsonBody(nested(32))).toEqual(expect.any(Array));
    expect(parseJsonBody(`{"a":${nested(31, '{"b":', '}')}}`)).toEqual({ a: expect.any(Object) });
    expect(() => parseJsonBody(nested(33))).toThrow('The body nests objects or arrays more than 32 deep (at character 33); no request of this API takes that, and it is refused.');
    expect(() => parseJsonBody(`{"a":${nested(32, '{"b":', '}')}}`)).toThrow(/more than 32 deep \(at character 161\)/);
    // Mixed, and unclosed: counted as the text opens them.
    expect(() => parseJsonBody(`${'[{"x":'.repeat(17)}`)).toThrow(/more than 32 deep \(at character 97\)/);
  });

  it('refuses a 200,000-deep body (400 KB) without recursing: the body that overflowed validation', () => {
    expect(() => parseJsonBody(`{"username":${nested(200_000)},"password":"x"}`)).toThrow(/more than 32 deep \(at character 44\)/);
    expect(() => parseJsonBody('['.repeat(200_000))).toThrow(/more than 32 deep/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const note = `${'[{'.repeat(100)} \\" ${'}]'.repeat(100)}`;
    expect(parseJsonBody(JSON.stringify({ note, deeper: [[['x']]] }))).toEqual({ note, deeper: [[['x']]] });
    expect(jsonNestedBeyond(JSON.stringify({ a: '\\', b: nested(40) }), 2)).toBe(-1);
    expect(jsonNestedBeyond(`["\\\\", ${nested(2)}]`, 2)).toBe(8);
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

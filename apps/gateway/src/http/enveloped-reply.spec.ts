import { acceptsGzip } from './enveloped-reply';

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['x-gzip', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['gzip;q=0.0, identity', false],
    ['deflate, br', false],
    ['', false],
  ])('%j → %s', (header, expected) => expect(acceptsGzip(header)).toBe(expected));

  it('takes no header as no', () => expect(acceptsGzip(undefined)).toBe(false));
});

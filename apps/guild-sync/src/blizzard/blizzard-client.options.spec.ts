import { BLIZZARD_DEFAULTS, resolveBlizzardOptions } from './blizzard-client.options';

describe('resolveBlizzardOptions', () => {
  it("fills in Blizzard's defaults", () => {
    const options = resolveBlizzardOptions({ clientId: 'id', clientSecret: 'secret' });
    expect(options).toMatchObject({
      apiUrl: 'https://us.api.blizzard.com',
      oauthUrl: 'https://oauth.battle.net/token',
      region: 'us',
      locale: 'en_US',
      ratePerSecond: 100,
      ratePerHour: 36_000,
      backoff: { maxRetries: BLIZZARD_DEFAULTS.maxRetries },
    });
  });

  it('names every bad option at once, and never the secret', () => {
    const attempt = () =>
      resolveBlizzardOptions({
        clientId: '',
        clientSecret: 'hunter2-secret',
        apiUrl: 'ftp://example.com',
        ratePerSecond: 0,
        locale: 'english',
        maxRetries: -1,
      });
    expect(attempt).toThrow(
      /clientId is empty; apiUrl is not an http\(s\) URL; locale .*; ratePerSecond .*; maxRetries/,
    );
    expect(attempt).not.toThrow(/hunter2/);
  });
});

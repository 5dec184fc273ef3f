import { loadConfig } from '@patt/service-kit';
import { GatewayConfig } from './gateway.config';

const JWT_SECRET = 'a'.repeat(32);

describe('GatewayConfig: METRICS_ENABLED', () => {
  it('keeps metrics unless told false, on its METRICS_PORT', () => {
    expect(loadConfig('gateway', GatewayConfig, { JWT_SECRET })).toMatchObject({ METRICS_ENABLED: true, METRICS_PORT: 9464 });
    expect(loadConfig('gateway', GatewayConfig, { JWT_SECRET, METRICS_ENABLED: 'true' }).METRICS_ENABLED).toBe(true);
    expect(loadConfig('gateway', GatewayConfig, { JWT_SECRET, METRICS_ENABLED: 'false' }).METRICS_ENABLED).toBe(false);
    expect(loadConfig('gateway', GatewayConfig, { JWT_SECRET, METRICS_ENABLED: ' ' }).METRICS_ENABLED).toBe(true);
  });

  it('refuses anything but true or false, naming the variable', () => {
    for (const value of ['no', '0', 'False', 'off']) {
      expect(() => loadConfig('gateway', GatewayConfig, { JWT_SECRET, METRICS_ENABLED: value })).toThrow('METRICS_ENABLED must be true or false');
    }
  });
});

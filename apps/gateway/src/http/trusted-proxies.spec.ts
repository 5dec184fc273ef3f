import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig } from '@patt/service-kit';
import { GatewayConfig } from '../app/gateway.config';
import { fastifyTrustProxy, readTrustProxy, TrustedProxies } from './trusted-proxies';

const JWT_SECRET = 'a'.repeat(32);

function configWith(trustProxy: string): GatewayConfig {
  return loadConfig('gateway', GatewayConfig, { JWT_SECRET, TRUST_PROXY: trustProxy });
}

function problemWith(trustProxy: string): string {
  try {
    configWith(trustProxy);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error(`TRUST_PROXY=${trustProxy} was accepted`);
}

/**
 * The address and protocol Fastify (as the gateway builds it) takes for a request from `peer`
 * carrying these headers.
 */
async function seenBy(setting: TrustedProxies, peer: string, headers: Record<string, string>): Promise<{ ip: string; protocol: string }> {
  const fastify = new FastifyAdapter({ trustProxy: fastifyTrustProxy(setting) }).getInstance();
  fastify.get('/who', (request) => ({ ip: request.ip, protocol: request.protocol }));
  try {
    const response = await fastify.inject({ method: 'GET', url: '/who', remoteAddress: peer, headers });
    return response.json<{ ip: string; protocol: string }>();
  } finally {
    await fastify.close();
  }
}

describe('TRUST_PROXY', () => {
  it('is off unless set: X-Forwarded-For and X-Forwarded-Proto are ignored', async () => {
    expect(loadConfig('gateway', GatewayConfig, { JWT_SECRET }).TRUST_PROXY).toEqual({ kind: 'off' });
    expect(configWith('false').TRUST_PROXY).toEqual({ kind: 'off' });
    expect(configWith('0').TRUST_PROXY).toEqual({ kind: 'off' });
    expect(await seenBy({ kind: 'off' }, '198.51.100.4', { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' })).toEqual({
      ip: '198.51.100.4',
      protocol: 'http',
    });
  });

  it('refuses true, which would believe the left-most entry the client writes, and says what to give instead', () => {
    expect(problemWith('true')).toBe(
      'TRUST_PROXY=true would believe the left-most X-Forwarded-For entry, which the client writes itself; give the number of proxies in front of the gateway (e.g. 1), or their addresses or CIDRs (e.g. 10.0.0.0/8,fd00::/8)',
    );
  });

  it.each([
    ['yes', '"yes" is neither an IPv4 or IPv6 address nor a CIDR'],
    ['10.0.0.1/33', '"10.0.0.1/33" has a prefix length that is not 0 to 32'],
    ['fd00::/129', '"fd00::/129" has a prefix length that is not 0 to 128'],
    ['10.0.0.0/8,10.0.0.300', '"10.0.0.300" is neither an IPv4 or IPv6 address'],
    ['10.0.0.0/8,,fd00::/8', 'an entry of the list is empty'],
    ['0.0.0.0/0', '"0.0.0.0/0" trusts every address, which lets any client choose its own'],
    ['::/0', '"::/0" trusts every address'],
    ['1,10.0.0.1', '"1" is a hop count inside a list of addresses'],
    ['-1', '"-1" is neither'],
    ['1.5', '"1.5" is neither'],
    ['10.0.0.0/ 8', 'has a prefix length that is not 0 to 32'],
  ])('names what is wrong with %s', (value, problem) => {
    const said = problemWith(value);
    expect(said).toContain(problem);
    expect(said).toMatch(/^TRUST_PROXY: /);
  });

  it('reads a hop count, and a list of IPv4 and IPv6 addresses, CIDRs and range names', () => {
    expect(configWith('2').TRUST_PROXY).toEqual({ kind: 'hops', hops: 2 });
    expect(configWith(' 10.0.0.0/8, 192.168.1.10 ,FD00::/8,::1, loopback,uniquelocal ').TRUST_PROXY).toEqual({
      kind: 'addresses',
      addresses: ['10.0.0.0/8', '192.168.1.10', 'fd00::/8', '::1', 'loopback', 'uniquelocal'],
    });
    expect(readTrustProxy('::ffff:10.0.0.1')).toEqual({ kind: 'addresses', addresses: ['::ffff:10.0.0.1'] });
  });

  describe('the client is the right-most entry no trusted proxy wrote', () => {
    it('one hop: the right-most X-Forwarded-For entry, whatever the client wrote left of it', async () => {
      const hops = configWith('1').TRUST_PROXY;
      for (const spoofed of ['6.6.6.6', '1.1.1.1, 2.2.2.2', '127.0.0.1']) {
        expect(await seenBy(hops, '10.0.0.2', { 'x-forwarded-for': `${spoofed}, 203.0.113.7` })).toMatchObject({ ip: '203.0.113.7' });
      }
      // Without the header, the proxy itself.
      expect(await seenBy(hops, '10.0.0.2', {})).toMatchObject({ ip: '10.0.0.2' });
    });

    it('two hops: the entry the first proxy wrote, not the one the client did', async () => {
      const hops = configWith('2').TRUST_PROXY;
      expect(await seenBy(hops, '10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.9' })).toMatchObject({ ip: '203.0.113.7' });
    });

    it('CIDRs: past every trusted proxy, to the first address outside them; a peer outside them is the client', async () => {
      const proxies = configWith('10.0.0.0/8,192.168.0.1').TRUST_PROXY;
      expect(await seenBy(proxies, '10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 192.168.0.1, 10.9.9.9' })).toMatchObject({ ip: '203.0.113.7' });
      // An untrusted hop in the chain stops the walk there: it could have written anything left of it.
      expect(await seenBy(proxies, '10.0.0.2', { 'x-forwarded-for': '203.0.113.7, 198.51.100.1, 10.9.9.9' })).toMatchObject({ ip: '198.51.100.1' });
      expect(await seenBy(proxies, '198.51.100.4', { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' })).toEqual({
        ip: '198.51.100.4',
        protocol: 'http',
      });
    });

    it('IPv6: proxies and clients alike, and IPv4 proxies seen as IPv4-mapped peers', async () => {
      const proxies = configWith('fd00::/8,10.0.0.0/8').TRUST_PROXY;
      expect(await seenBy(proxies, 'fd00::1', { 'x-forwarded-for': '2001:db8::6, 2001:db8::7, fd00::2' })).toMatchObject({ ip: '2001:db8::7' });
      expect(await seenBy(proxies, '::ffff:10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 2001:db8::7' })).toMatchObject({ ip: '2001:db8::7' });
      expect(await seenBy(proxies, '2001:db8::99', { 'x-forwarded-for': '2001:db8::7' })).toMatchObject({ ip: '2001:db8::99' });
    });

    it('believes X-Forwarded-Proto from a trusted proxy only', async () => {
      const proxies = configWith('loopback').TRUST_PROXY;
      expect(await seenBy(proxies, '127.0.0.1', { 'x-forwarded-proto': 'https' })).toMatchObject({ protocol: 'https' });
      expect(await seenBy(proxies, '203.0.113.7', { 'x-forwarded-proto': 'https' })).toMatchObject({ protocol: 'http' });
    });
  });
});

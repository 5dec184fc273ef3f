// TRUST_PROXY: which of the X-Forwarded-For entries the gateway believes. The throttles count
// per client address, and every entry left of the proxies' own is written by whoever sent the
// request, so the client is the right-most entry that no trusted proxy wrote: a number of hops
// (the proxies in front of the gateway), or the proxies' addresses. `true`, which believes the
// left-most entry, is refused.
import { isIP } from 'node:net';

/**
 * Off (the peer's address is the client's), a hop count, or the proxies' addresses and CIDRs
 * (IPv4 or IPv6), and the names `loopback`, `linklocal` and `uniquelocal` for those ranges.
 */
export type TrustedProxies = { kind: 'off' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

/** A TRUST_PROXY value that cannot be used, and the sentence that says why. */
export interface TrustProxyProblem {
  kind: 'invalid';
  problem: string;
}

/** proxy-addr's names for the private ranges (Fastify compiles them): handy behind Docker or a cluster. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const EXAMPLES = 'the number of proxies in front of the gateway (e.g. 1), or their addresses or CIDRs (e.g. 10.0.0.0/8,fd00::/8)';

/** The setting a TRUST_PROXY value names, or what is wrong with it (the bad entry named). */
export function readTrustProxy(raw: string | undefined): TrustedProxies | TrustProxyProblem {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return { kind: 'off' };
  if (value === 'true') {
    return {
      kind: 'invalid',
      problem: `TRUST_PROXY=true would believe the left-most X-Forwarded-For entry, which the client writes itself; give ${EXAMPLES}`,
    };
  }
  if (/^\d+$/.test(value)) return { kind: 'hops', hops: Number(value) };
  const entries = value.split(',').map((entry) => entry.trim());
  const addresses: string[] = [];
  for (const entry of entries) {
    const problem = problemOf(entry);
    if (problem) return { kind: 'invalid', problem: `TRUST_PROXY: ${problem}; give ${EXAMPLES}` };
    addresses.push(entry.toLowerCase());
  }
  return { kind: 'addresses', addresses };
}

function problemOf(entry: string): string | null {
  if (entry === '') return 'an entry of the list is empty';
  if (RANGE_NAMES.has(entry.toLowerCase())) return null;
  if (/^\d+$/.test(entry)) return `"${entry}" is a hop count inside a list of addresses: give either a count or addresses`;
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return `"${entry}" is neither an IPv4 or IPv6 address nor a CIDR (nor loopback, linklocal or uniquelocal)`;
  if (slash < 0) return null;
  const prefix = entry.slice(slash + 1);
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return `"${entry}" has a prefix length that is not 0 to ${bits}`;
  if (Number(prefix) === 0) return `"${entry}" trusts every address, which lets any client choose its own`;
  return null;
}

/** Fastify's `trustProxy` for the setting: false, a hop count, or the list it compiles. */
export function fastifyTrustProxy(setting: TrustedProxies): boolean | number | string[] {
  switch (setting.kind) {
    case 'off':
      return false;
    case 'hops':
      return setting.hops;
    case 'addresses':
      return setting.addresses;
  }
}

/** For the start-up log: what the gateway believes. */
export function describeTrustedProxies(setting: TrustedProxies): string {
  switch (setting.kind) {
    case 'off':
      return 'X-Forwarded-For is ignored: the client is the peer address';
    case 'hops':
      return `${setting.hops} prox${setting.hops === 1 ? 'y' : 'ies'} in front: the client is X-Forwarded-For's entry ${setting.hops} from the right`;
    case 'addresses':
      return `the client is the right-most X-Forwarded-For address outside ${setting.addresses.join(', ')}`;
  }
}

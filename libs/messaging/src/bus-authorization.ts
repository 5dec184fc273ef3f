import {
  BUS_SERVICES,
  BUS_SETUP_USER,
  BusService,
  inboxPrefixOf,
  consumerName,
  DEFAULT_SUBJECT_ROOT,
  eventsConsumedBy,
  eventsWatchedBy,
  eventsPublishedBy,
  requestsSentBy,
  requestsServedBy,
} from '@patt/contracts';
import { wireSubject } from './subjects';

/** The stream's name when nothing else is configured (BaseConfig's NATS_STREAM default). */
export const DEFAULT_STREAM = 'PATT_EVENTS';

export interface BusScope {
  /** The subject root (`patt`; each test suite its own). */
  root: string;
  /** The JetStream stream the events are kept in. */
  stream: string;
}

export interface BusPermissions {
  publish: string[];
  subscribe: string[];
  /** Whether the user may answer the requests it receives (on their reply subject, once). */
  allowResponses: boolean;
}

function requestSubject(root: string, pattern: string): string {
  return `${root}.rpc.${pattern}`;
}

/**
 * What one service's NATS user may do, generated from the contracts' declarations (REQUEST_ACCESS,
 * EVENT_ACCESS): publish its own events and the requests it may send; subscribe to the requests
 * it serves, the events it follows live (watchers) and its own inbox; of JetStream's API, read the stream's state and create, read and
 * pull its own durable consumers (each on its one subject) and ack their messages. Nothing else:
 * not another service's consumers, not the stream's creation, change or deletion.
 */
export function busPermissions(service: BusService, { root, stream }: BusScope): BusPermissions {
  const published = eventsPublishedBy(service);
  const publish = [
    ...published.map((subject) => wireSubject(root, subject)),
    ...requestsSentBy(service).map((pattern) => requestSubject(root, pattern)),
  ];
  const consumed = eventsConsumedBy(service);
  if (published.length > 0 || consumed.length > 0) {
    // jetstreamManager() reads the account's JetStream info; services look the stream up.
    publish.push('$JS.API.INFO', `$JS.API.STREAM.INFO.${stream}`);
  }
  for (const subject of consumed) {
    const durable = consumerName(service, subject);
    publish.push(
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}.${wireSubject(root, subject)}`,
      `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
      `$JS.ACK.${stream}.${durable}.>`,
    );
  }
  const served = requestsServedBy(service).map((pattern) => requestSubject(root, pattern));
  // Events followed live (EVENT_ACCESS' watchers): read as they pass, no consumer, no ack.
  const watched = eventsWatchedBy(service).map((subject) => wireSubject(root, subject));
  return { publish, subscribe: [...served, ...watched, `${inboxPrefixOf(service)}.>`], allowResponses: served.length > 0 };
}

/** The setup step's user: JetStream's whole API (it creates and widens the stream), no events, no requests. */
export function setupPermissions(): BusPermissions {
  return { publish: ['$JS.API.>'], subscribe: [`${inboxPrefixOf(BUS_SETUP_USER)}.>`], allowResponses: false };
}

/** The users of the bus: every service and the setup step. */
export const BUS_USERS: readonly string[] = [...BUS_SERVICES, BUS_SETUP_USER];

/**
 * The environment variable holding a user's password where a file refers to it rather than
 * holding it (Compose): AUTH_NATS_PASSWORD, DISCORD_BOT_NATS_PASSWORD, BUS_SETUP_NATS_PASSWORD …
 */
export function natsPasswordVariable(user: string): string {
  return `${user.toUpperCase().replace(/-/g, '_')}_NATS_PASSWORD`;
}

export interface BusAuthorizationOptions extends Partial<BusScope> {
  /**
   * Each user's password: literal values (a file written for one run, mode 0600), or `'env'` for
   * references to natsPasswordVariable(user), which nats-server reads from its environment.
   */
  passwords: Record<string, string> | 'env';
  /** Users with every permission (the tests' own publisher and taps); never in a deployment. */
  superUsers?: Record<string, string>;
}

const quote = (value: string) => JSON.stringify(value);
const list = (values: readonly string[]) => `[${values.map(quote).join(', ')}]`;

function passwordOf(options: BusAuthorizationOptions, user: string): string {
  if (options.passwords === 'env') return `$${natsPasswordVariable(user)}`;
  const password = options.passwords[user];
  if (!password) throw new Error(`no NATS password for the user ${user}`);
  return quote(password);
}

function userEntry(user: string, password: string, permissions: BusPermissions): string {
  return [
    `    {`,
    `      user: ${quote(user)}`,
    `      password: ${password}`,
    `      permissions: {`,
    `        publish: { allow: ${list(permissions.publish)} }`,
    `        subscribe: { allow: ${list(permissions.subscribe)} }`,
    ...(permissions.allowResponses ? [`        allow_responses: true`] : []),
    `      }`,
    `    }`,
  ].join('\n');
}

/**
 * nats-server's `authorization` block for the bus: one user per service and the setup user, each
 * with the permissions above. With users declared, nats-server refuses any connection without
 * one of them.
 */
export function busAuthorization(options: BusAuthorizationOptions): string {
  const scope: BusScope = { root: options.root ?? DEFAULT_SUBJECT_ROOT, stream: options.stream ?? DEFAULT_STREAM };
  const entries = [
    ...BUS_SERVICES.map((service) => userEntry(service, passwordOf(options, service), busPermissions(service, scope))),
    userEntry(BUS_SETUP_USER, passwordOf(options, BUS_SETUP_USER), setupPermissions()),
    ...Object.entries(options.superUsers ?? {}).map(
      ([user, password]) => `    { user: ${quote(user)}, password: ${quote(password)} }`,
    ),
  ];
  return `authorization {\n  users = [\n${entries.join('\n')}\n  ]\n}\n`;
}

/** The user the servers of a cluster are to each other, on their route port. */
export const ROUTE_USER = 'route';
/** The variable a server of a cluster reads the routes' password from. */
export const ROUTE_PASSWORD_VARIABLE = 'NATS_ROUTE_PASSWORD';

/** The variable a server reads its route to the cluster's server `index` from (credentials in it). */
export function routeVariable(index: number): string {
  return `NATS_ROUTE_${index}`;
}

/** A route to the server at `address` (host:port), as the route user with `password`. */
export function routeUrl(address: string, password: string): string {
  return `nats-route://${ROUTE_USER}:${password}@${address}`;
}

export interface BusClusterOptions {
  name: string;
  port: number;
  /** How many servers the cluster has: each server solicits a route to every one. */
  servers: number;
  /** The address the route port listens on; default every address. */
  host?: string;
}

/**
 * nats-server's `cluster` block for a server of the bus's cluster. The route port carries every
 * message between the servers with no user's permissions, so a server accepts a route only as
 * ROUTE_USER with the routes' password, and solicits the others with it. Neither is in the file:
 * the password is read from $NATS_ROUTE_PASSWORD, and each route from $NATS_ROUTE_<i> (routeUrl,
 * composed by the deployment, because nats-server does not expand a variable inside a string).
 * A server missing one of them refuses to start.
 */
export function busCluster({ name, port, servers, host }: BusClusterOptions): string {
  const routes = Array.from({ length: servers }, (_, index) => `$${routeVariable(index)}`);
  return [
    'cluster {',
    `  name: ${quote(name)}`,
    host === undefined ? `  port: ${port}` : `  listen: ${quote(`${host}:${port}`)}`,
    `  authorization { user: ${quote(ROUTE_USER)}, password: $${ROUTE_PASSWORD_VARIABLE} }`,
    `  routes: [${routes.join(', ')}]`,
    '}',
  ].join('\n');
}

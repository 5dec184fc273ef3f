import { ServerNats } from '@nestjs/microservices';
import { RootedServerNats } from './nats-transport';

describe('RootedServerNats.getRouteFromPattern', () => {
  const server = new RootedServerNats({ servers: ['nats://127.0.0.1:1'] }, 'root');
  // Nest's own server, for comparison; its getRouteFromPattern is protected.
  const nest = new ServerNats({ servers: ['nats://127.0.0.1:1'] }) as unknown as { getRouteFromPattern(pattern: string): string };

  it('takes a contract pattern as its own route without trying to parse it as JSON', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(server.getRouteFromPattern('identity.ranks.list')).toBe('identity.ranks.list');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('gives every pattern the route Nest gives it', () => {
    for (const pattern of ['identity.ranks.list', 'auth.users.me', '{"cmd":"sum","role":"math"}', '42', 'true', 'null', '"quoted"', '[1,2]']) {
      expect(server.getRouteFromPattern(pattern)).toEqual(nest.getRouteFromPattern(pattern));
    }
  });
});

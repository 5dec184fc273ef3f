// The bare reference of the gateway bench: the least a Nest 11 + Fastify service answering over a
// NATS round trip can do on this machine. Two processes, like the gateway and identity:
//   responder: a plain NATS subscriber answering each request with a small JSON body;
//   app:       a Nest app on FastifyAdapter with one GET route that sends a NATS request to the
//              responder and returns its reply, no guard, interceptor, logger or validation.
// Run by gateway.bench.ts: node --require tools/dev/register.cjs tools/bench/lib/bare-echo.ts
// with BARE_ECHO_ROLE (app or responder), NATS_URL, NATS_USER, NATS_PASSWORD, ECHO_SUBJECT and (app) PORT in the environment.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, NatsConnection } from 'nats';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`bare-echo: ${name} is not set`);
  return value;
};

async function bus(name: string): Promise<NatsConnection> {
  const user = env('NATS_USER');
  return connect({ servers: env('NATS_URL'), user, pass: env('NATS_PASSWORD'), name, inboxPrefix: `_INBOX.${user}` });
}

async function responder(): Promise<void> {
  const nc = await bus('bare-echo-responder');
  const reply = new TextEncoder().encode(JSON.stringify({ response: [{ level: 1, name: 'Initiate' }], isDisposed: true }));
  nc.subscribe(env('ECHO_SUBJECT'), { callback: (_error, message) => message.respond(reply) });
  await nc.flush();
  console.log('bare echo responder ready');
}

async function app(): Promise<void> {
  const nc = await bus('bare-echo-app');
  const subject = env('ECHO_SUBJECT');
  const decoder = new TextDecoder();

  @Controller('echo')
  class EchoController {
    @Get()
    async echo(): Promise<unknown> {
      const message = await nc.request(subject, new Uint8Array(0), { timeout: 5000 });
      return (JSON.parse(decoder.decode(message.data)) as { response: unknown }).response;
    }
  }

  @Module({ controllers: [EchoController] })
  class EchoModule {}

  const nest = await NestFactory.create<NestFastifyApplication>(EchoModule, new FastifyAdapter(), { logger: ['error'] });
  await nest.listen({ port: Number(env('PORT')), host: '127.0.0.1' });
  console.log('bare echo app ready');
}

(process.env['BARE_ECHO_ROLE'] === 'responder' ? responder() : app()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

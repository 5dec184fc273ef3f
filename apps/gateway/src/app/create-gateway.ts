import fastifyCookie from '@fastify/cookie';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { Headers } from '@patt/contracts';
import { correlationIdFrom, createValidationPipe } from '@patt/service-kit';
import { assertEveryRouteGuarded, recordRoutesOutsideNest } from '../access/route-audit';
import { serveWebApp } from '../web/web-app';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

export const API_PREFIX = 'api/v1';

/** The gateway app, configured but not listening (tests use it as is). */
export async function createGateway(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    // The request id is the correlation id: the caller's when it sends a sane one, else new.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
      correlationIdFrom(request.headers[Headers.CorrelationId]),
  });
  const outsideNest = recordRoutesOutsideNest(adapter.getInstance());
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header(Headers.CorrelationId, request.id);
    done();
  });
  // text/plain bodies (the addon's SavedVariables file) stay raw bytes: the route decodes them
  // itself, so invalid UTF-8 is reported rather than silently replaced. Same 2 MiB limit (413).
  adapter.getInstance().removeContentTypeParser('text/plain');
  adapter.getInstance().addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: config.BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, body);
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // Parses Cookie headers for the auth routes (the web app's refresh cookie) and sets Set-Cookie.
  await app.register(fastifyCookie);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('PATT guild platform API')
      .setDescription('The public REST API of the gateway. Every answer is {ok, data} or {ok: false, error, code, details}.')
      .setVersion('v1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', useGlobalPrefix: false });

  const webRoot = await serveWebApp(app, config.WEB_ROOT);
  new NestLogger('WebApp').log(webRoot ? { msg: 'serving the web app at /', webRoot } : { msg: 'no web app built: serving the API only' });

  outsideNest.close(app);
  await app.init();
  assertEveryRouteGuarded(app, `/${API_PREFIX}`);
  return app;
}

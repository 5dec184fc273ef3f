import fastifyCookie from '@fastify/cookie';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { Headers } from '@patt/contracts';
import { correlationIdFrom, createValidationPipe, Metrics, RequestLog, rootLogger } from '@patt/service-kit';
import { assertEveryRouteGuarded, recordRoutesOutsideNest } from '../access/route-audit';
import { registerBodyParsers } from '../http/body-parsers';
import { registerHttpMetrics } from '../http/http-metrics';
import { registerSecurityHeaders } from '../http/security-headers';
import { describeTrustedProxies, fastifyTrustProxy } from '../http/trusted-proxies';
import { serveWebApp } from '../web/web-app';
import { GatewayConfig } from './gateway.config';
import { GatewayModule, SERVICE_NAME } from './gateway.module';

export const API_PREFIX = 'api/v1';

/** The gateway app, configured but not listening (tests use it as is). */
export async function createGateway(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    // The request id is the correlation id: the caller's when it sends a sane one, else new.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
      correlationIdFrom(request.headers[Headers.CorrelationId]),
  });
  const outsideNest = recordRoutesOutsideNest(adapter.getInstance());
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header(Headers.CorrelationId, request.id);
    done();
  });
  // One line per request (errors and slow ones always, fast successes up to a rate, the rest
  // summarised): service-kit's RequestLog, written without blocking (logging.ts).
  const requests = new RequestLog(rootLogger(SERVICE_NAME, config.LOG_LEVEL));
  adapter.getInstance().addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith('/health')) {
      requests.completed({
        method: request.method,
        url: request.url,
        route: request.routeOptions.url ?? '(no route)',
        correlationId: request.id,
        statusCode: reply.statusCode,
        ms: reply.elapsedTime,
      });
    }
    done();
  });
  adapter.getInstance().addHook('onClose', (_instance, done) => {
    requests.flush();
    done();
  });
  registerSecurityHeaders(adapter.getInstance());
  // JSON that says why it is refused, text/plain as raw bytes; both under the body limit (413).
  registerBodyParsers(adapter.getInstance(), config.BODY_LIMIT_BYTES);
  // bodyParser off: Nest would register its own JSON (and form) parsers over the ones above.
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  registerHttpMetrics(adapter.getInstance(), app.get(Metrics));
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
  new NestLogger(createGateway.name).log({ msg: 'client addresses', trustProxy: describeTrustedProxies(config.TRUST_PROXY) });
  new NestLogger(serveWebApp.name).log(webRoot ? { msg: 'serving the web app at /', webRoot } : { msg: 'no web app built: serving the API only' });

  outsideNest.close(app);
  await app.init();
  assertEveryRouteGuarded(app, `/${API_PREFIX}`);
  return app;
}

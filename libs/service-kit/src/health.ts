import { Controller, Get, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ServiceHealth } from '@patt/contracts';
import { Readiness } from './readiness';

/**
 * Probes on the service's small HTTP port: liveness says the process answers; readiness says its
 * dependencies (database, NATS, migrations) are there, so an orchestrator sends it work.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const { checks } = await this.readiness.evaluate();
        return Object.fromEntries(
          Object.entries(checks).map(([name, status]) => {
            const indicator = this.indicators.check(name);
            const details = this.readiness.details(name);
            return [name, status === 'up' ? indicator.up(details)[name] : indicator.down(details)[name]];
          }),
        );
      },
    ]);
  }
}

/** The answer to the gateway's `<service>.health` request, from the same readiness checks. */
export function healthRequestController(service: string, pattern: string): Type<unknown> {
  @Controller()
  class HealthRequestController {
    constructor(private readonly readiness: Readiness) {}

    @MessagePattern(pattern)
    async health(): Promise<ServiceHealth> {
      const { ready, checks } = await this.readiness.evaluate();
      return { service, status: ready ? 'up' : 'down', checks };
    }
  }
  return HealthRequestController;
}

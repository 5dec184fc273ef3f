import { Controller, Get, HttpStatus, Res, SetMetadata } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BackendService, Envelope, PlatformHealth, RequestPattern, Requests, ServiceStatus } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { Public } from '../access/access.decorator';
import { RAW_RESPONSE } from '../http/envelope.interceptor';

const PROBES: Record<BackendService, RequestPattern> = {
  auth: Requests.AuthHealth,
  identity: Requests.IdentityHealth,
  guildSync: Requests.GuildSyncHealth,
  discordBot: Requests.DiscordBotHealth,
  campaigns: Requests.CampaignsHealth,
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly services: ServiceClient) {}

  /** Asks every service over NATS; one that is not ready, or silent for 1.5 s, is down. */
  @Get()
  @Public()
  @SetMetadata(RAW_RESPONSE, true)
  @ApiOkResponse({ description: 'Every service is up' })
  @ApiServiceUnavailableResponse({ description: 'At least one service is down; same shape' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<Envelope<PlatformHealth>> {
    const entries = await Promise.all(
      (Object.keys(PROBES) as BackendService[]).map(async (service): Promise<[BackendService, ServiceStatus]> => {
        try {
          const answer = await this.services.send(PROBES[service] as typeof Requests.AuthHealth, {}, { timeoutMs: 1500 });
          return [service, answer.status];
        } catch {
          return [service, 'down'];
        }
      }),
    );
    const services = Object.fromEntries(entries) as Record<BackendService, ServiceStatus>;
    const status: ServiceStatus = entries.every(([, s]) => s === 'up') ? 'up' : 'down';
    void reply.status(status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { ok: true, data: { status, services } };
  }
}

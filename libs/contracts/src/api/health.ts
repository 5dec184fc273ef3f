export type ServiceStatus = 'up' | 'down';

/** The services behind the gateway, as `GET /health` names them. */
export const BACKEND_SERVICES = ['auth', 'identity', 'guildSync', 'discordBot', 'campaigns'] as const;
export type BackendService = (typeof BACKEND_SERVICES)[number];

export interface PlatformHealth {
  status: ServiceStatus;
  services: Record<BackendService, ServiceStatus>;
}

/** What one service answers to its health request over NATS. */
export interface ServiceHealth {
  service: string;
  status: ServiceStatus;
  checks: Record<string, ServiceStatus>;
}

import { ServiceHealth } from '../api/health';
import { NoBody } from './actor';

export const AUTH_REQUESTS = {
  AuthHealth: 'auth.health',
} as const;

export interface AuthRequestMap {
  [AUTH_REQUESTS.AuthHealth]: { request: NoBody; response: ServiceHealth };
}

import '@fastify/cookie';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, Session } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { GatewayConfig } from '../app/gateway.config';

export const REFRESH_COOKIE = 'patt_refresh';
/** Only the auth routes ever receive it: every other request (and page) goes without. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
/**
 * As long as auth keeps a refresh token (REFRESH_LIFETIME_DAYS in apps/auth tokens.service.ts).
 * A cookie that outlives its token only earns one 401, which clears it.
 */
const REFRESH_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

/**
 * The web app's copy of the refresh token, where page scripts cannot read it: httpOnly,
 * SameSite=Strict (a request from another site never carries it), Secure when the app is reached
 * over https, and scoped to /api/v1/auth. The JSON answers still carry both tokens for API
 * clients; the cookie is for browsers only.
 */
@Injectable()
export class RefreshCookie {
  constructor(private readonly config: GatewayConfig) {}

  /** The refresh token a browser sent, if any. */
  read(request: FastifyRequest): string | undefined {
    const value = request.cookies[REFRESH_COOKIE];
    return value ? value : undefined;
  }

  /** Keeps the session's refresh token in the cookie (login, register, each refresh rotates it). */
  keep(request: FastifyRequest, reply: FastifyReply, session: Session): Session {
    void reply.setCookie(REFRESH_COOKIE, session.refreshToken, { ...this.attributes(request), maxAge: REFRESH_COOKIE_MAX_AGE_SECONDS });
    return session;
  }

  clear(request: FastifyRequest, reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, this.attributes(request));
  }

  /**
   * Secure when this request came over https (TLS here, or X-Forwarded-Proto with TRUST_PROXY),
   * or when PUBLIC_URL says members reach the app over https (a proxy in front that the gateway
   * was not told to trust still serves the browser https).
   */
  private attributes(request: FastifyRequest) {
    const secure = request.protocol === 'https' || this.config.PUBLIC_URL?.startsWith('https:') === true;
    return { httpOnly: true, secure, sameSite: 'strict' as const, path: REFRESH_COOKIE_PATH };
  }
}

/** The token to spend: the body's (API clients) or else the cookie's (browsers). */
export function refreshTokenOf(body: { refreshToken?: string }, cookie: string | undefined): { token: string; fromCookie: boolean } | null {
  if (body.refreshToken !== undefined) return { token: body.refreshToken, fromCookie: false };
  return cookie ? { token: cookie, fromCookie: true } : null;
}

/** auth's answer to a token that is unknown, spent, revoked or expired. */
export function isRejectedToken(error: unknown): boolean {
  return error instanceof ServiceException && error.body.code === ErrorCode.Unauthenticated;
}

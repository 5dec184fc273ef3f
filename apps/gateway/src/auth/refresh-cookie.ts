import '@fastify/cookie';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, Session } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { GatewayConfig } from '../app/gateway.config';

export const REFRESH_COOKIE = 'patt_refresh';
/**
 * A readable marker beside the refresh cookie: `patt_session=1`, no secret in it. The web app reads
 * it on page load and asks for a refresh only when it is there, so a visitor who never signed in
 * (or signed out) costs no request and logs no 401. Set and cleared with the refresh cookie, with
 * the same lifetime; path `/` so that every page of the app can read it.
 */
export const SESSION_MARKER_COOKIE = 'patt_session';
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

  /**
   * Keeps the session's refresh token in the cookie (login, register, each refresh rotates it),
   * and the session marker beside it.
   */
  keep(request: FastifyRequest, reply: FastifyReply, session: Session): Session {
    void reply.setCookie(REFRESH_COOKIE, session.refreshToken, { ...this.attributes(request), maxAge: REFRESH_COOKIE_MAX_AGE_SECONDS });
    void reply.setCookie(SESSION_MARKER_COOKIE, '1', { ...this.markerAttributes(request), maxAge: REFRESH_COOKIE_MAX_AGE_SECONDS });
    return session;
  }

  /** Drops the refresh cookie and the marker. */
  clear(request: FastifyRequest, reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, this.attributes(request));
    void reply.clearCookie(SESSION_MARKER_COOKIE, this.markerAttributes(request));
  }

  /**
   * Secure when this request came over https (TLS here, or X-Forwarded-Proto with TRUST_PROXY),
   * or when PUBLIC_URL says members reach the app over https (a proxy in front that the gateway
   * was not told to trust still serves the browser https).
   */
  private attributes(request: FastifyRequest) {
    return { httpOnly: true, secure: this.secure(request), sameSite: 'strict' as const, path: REFRESH_COOKIE_PATH };
  }

  /** Readable by the app's scripts on every page: it says only that a session is likely. */
  private markerAttributes(request: FastifyRequest) {
    return { httpOnly: false, secure: this.secure(request), sameSite: 'strict' as const, path: '/' };
  }

  private secure(request: FastifyRequest): boolean {
    return request.protocol === 'https' || this.config.PUBLIC_URL?.startsWith('https:') === true;
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

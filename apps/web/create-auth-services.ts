import { createLoginLimiter, type LoginLimiter } from '../../core/auth/create-login-limiter.js';
import { createSessionStore, type SessionStore } from '../../core/auth/create-session-store.js';
import { createOidcClient, type OidcClient } from '../../core/auth/oidc/create-oidc-client.js';
import { createOidcStateStore, type OidcStateStore } from '../../core/auth/oidc/create-oidc-state-store.js';
import type { AppContext } from '../server/create-app-context.js';
import { type OidcSettings, readOidcSettings } from './read-oidc-settings.js';

/** Single sign-on through the identity provider of OIDC_ISSUER. */
export interface OidcSignIn {
  settings: OidcSettings;
  client: OidcClient;
  /** Sign-ins under way, between the start and the callback. */
  states: OidcStateStore;
}

/** What the sign-in and user routes share: the session store and the failed-login limiter. */
export interface AuthServices {
  sessions: SessionStore;
  loginLimiter: LoginLimiter;
  /** The session cookie's Max-Age: the absolute session lifetime (the server enforces the idle timeout). */
  cookieMaxAgeSeconds: number;
  /** Undefined when single sign-on is not configured. */
  oidc: OidcSignIn | undefined;
}

/** Builds the auth services from the environment (SESSION_TTL_HOURS, SESSION_MAX_AGE_HOURS, OIDC_*). */
export function createAuthServices(context: AppContext): AuthServices {
  const hour = 3_600_000;
  const maxAgeMs = context.environment.SESSION_MAX_AGE_HOURS * hour;
  const oidcSettings = readOidcSettings(context.environment);
  return {
    sessions: createSessionStore({
      prisma: context.prisma,
      idleTimeoutMs: Math.min(context.environment.SESSION_TTL_HOURS * hour, maxAgeMs),
      maxAgeMs,
    }),
    loginLimiter: createLoginLimiter({
      redis: context.redis,
      keyPrefix: context.environment.REDIS_KEY_PREFIX,
    }),
    cookieMaxAgeSeconds: Math.floor(maxAgeMs / 1000),
    oidc: oidcSettings && {
      settings: oidcSettings,
      client: createOidcClient(oidcSettings),
      states: createOidcStateStore({ redis: context.redis, keyPrefix: context.environment.REDIS_KEY_PREFIX }),
    },
  };
}

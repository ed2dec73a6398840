import { createLoginLimiter, type LoginLimiter } from '../../core/auth/create-login-limiter.js';
import { createSessionStore, type SessionStore } from '../../core/auth/create-session-store.js';
import type { AppContext } from '../server/create-app-context.js';

/** What the sign-in and user routes share: the session store and the failed-login limiter. */
export interface AuthServices {
  sessions: SessionStore;
  loginLimiter: LoginLimiter;
  /** The session cookie's Max-Age: the absolute session lifetime (the server enforces the idle timeout). */
  cookieMaxAgeSeconds: number;
}

/** Builds the auth services from the environment (SESSION_TTL_HOURS, SESSION_MAX_AGE_HOURS). */
export function createAuthServices(context: AppContext): AuthServices {
  const hour = 3_600_000;
  const maxAgeMs = context.environment.SESSION_MAX_AGE_HOURS * hour;
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
  };
}

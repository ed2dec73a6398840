import type { RateLimit, RateLimitTable } from '../../config/rate-limit-schema.js';
import type { Redis } from '../../redis/create-redis-client.js';

export type RateDecision = { allowed: true } | { allowed: false; retryInMs: number };

// KEYS[1] requests counter, KEYS[2] tokens counter of the current one-minute window.
// ARGV: rpm (0 = none), tpm (0 = none), tokens wanted, milliseconds until the window ends.
// Takes one request and the tokens only when both fit: nothing is taken from a refused call.
const takeScript = `
local rpm = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if (rpm > 0 and requests + 1 > rpm) or (tpm > 0 and used > 0 and used + tokens > tpm) then
  return 0
end
redis.call('INCR', KEYS[1])
redis.call('INCRBY', KEYS[2], tokens)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + 1000)
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) + 1000)
return 1
`;

type RedisWithRateScript = Redis & {
  rateLimitTake(
    requestsKey: string,
    tokensKey: string,
    rpm: number,
    tpm: number,
    tokens: number,
    windowLeftMs: number,
  ): Promise<number>;
};

/**
 * Fixed one-minute windows in Redis per `provider:model`. A candidate without a configured limit costs
 * nothing; one with a limit costs one round trip. A call bigger than the whole TPM is let through alone in
 * an empty window rather than refused forever.
 */
export interface RateLimiter {
  take(candidate: string, tokens: number): Promise<RateDecision>;
  limitFor(candidate: string): RateLimit | undefined;
}

export function createRateLimiter(options: {
  redis: Redis;
  keyPrefix: string;
  limits: RateLimitTable;
  now?: () => number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const redis = options.redis as RedisWithRateScript;
  if (!('rateLimitTake' in redis))
    options.redis.defineCommand('rateLimitTake', { numberOfKeys: 2, lua: takeScript });
  return {
    limitFor: (candidate) => options.limits[candidate],
    async take(candidate, tokens) {
      const limit = options.limits[candidate];
      if (!limit || (!limit.rpm && !limit.tpm)) return { allowed: true };
      const time = now();
      const window = Math.floor(time / 60_000);
      const windowLeftMs = (window + 1) * 60_000 - time;
      const base = `${options.keyPrefix}rate:{${candidate}}:${window}`;
      const taken = await redis.rateLimitTake(
        `${base}:requests`,
        `${base}:tokens`,
        limit.rpm ?? 0,
        limit.tpm ?? 0,
        tokens,
        windowLeftMs,
      );
      return taken === 1 ? { allowed: true } : { allowed: false, retryInMs: windowLeftMs };
    },
  };
}

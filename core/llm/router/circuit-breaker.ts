import type { Logger } from '../../logging/create-logger.js';
import type { Redis } from '../../redis/create-redis-client.js';
import { subscribeToChannel } from '../../redis/subscribe-to-channel.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  redis: Redis;
  logger: Logger;
  keyPrefix: string;
  /** Consecutive failures (within `failureWindowMs`) that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker refuses calls before letting one probe through. */
  cooldownMs: number;
  /** Failures older than this no longer count towards the threshold. */
  failureWindowMs?: number;
  now?: () => number;
}

/** What the router may do with a candidate right now. */
export type BreakerDecision =
  | { allowed: true; probe: boolean }
  | { allowed: false; reason: 'breaker_open' | 'cooling_down'; retryInMs: number };

interface LocalView {
  state: BreakerState;
  openUntil: number;
  /** Failures this process knows of since the last success (only then does a success cost a round trip). */
  knownFailures: number;
  /** Set from a provider's retry-after: no call before this time. */
  coolUntil: number;
}

// KEYS[1] breaker hash; ARGV: now, threshold, cooldownMs, failureWindowMs.
// Counts a failure; opens the breaker at the threshold, or re-opens it when a half-open probe failed.
const recordFailureScript = `
local now = tonumber(ARGV[1])
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local lastFailure = tonumber(redis.call('HGET', KEYS[1], 'lastFailure') or '0')
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
if now - lastFailure > tonumber(ARGV[4]) then failures = 0 end
failures = failures + 1
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
local opened = 0
if state == 'half_open' or (state == 'closed' and failures >= tonumber(ARGV[2])) or (state == 'open' and now >= openUntil) then
  state = 'open'
  openUntil = now + tonumber(ARGV[3])
  opened = 1
end
redis.call('HSET', KEYS[1], 'state', state, 'failures', failures, 'lastFailure', now, 'openUntil', openUntil)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]) + 60000)
return {state, tostring(openUntil), failures, opened}
`;

// KEYS[1] breaker hash. Closes the breaker; returns 1 when that changed its state.
const recordSuccessScript = `
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
redis.call('DEL', KEYS[1])
if state ~= 'closed' then return 1 end
return 0
`;

type RedisWithBreakerScripts = Redis & {
  breakerRecordFailure(
    key: string,
    now: number,
    threshold: number,
    cooldownMs: number,
    windowMs: number,
  ): Promise<[string, string, number, number]>;
  breakerRecordSuccess(key: string): Promise<number>;
};

/** A message on the breaker channel: a candidate's new state, seen by every process. */
interface BreakerMessage {
  candidate: string;
  state: BreakerState;
  openUntil: number;
  coolUntil?: number;
}

/**
 * A circuit breaker per `provider:model`, shared by every Switchyard process through Redis: state lives in a
 * Redis hash and every transition is published, so one worker's discovery of an outage spares the others.
 * Healthy candidates cost no Redis round trip; only failures, and the first success after them, do.
 */
export interface CircuitBreaker {
  check(candidate: string): Promise<BreakerDecision>;
  recordSuccess(candidate: string): Promise<void>;
  recordFailure(candidate: string): Promise<BreakerState>;
  /** Honours a provider's retry-after: no process calls the candidate before it passes. */
  coolDown(candidate: string, milliseconds: number): Promise<void>;
  state(candidate: string): BreakerState;
  /** Resolves once this process listens for other processes' transitions. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  const failureWindowMs = options.failureWindowMs ?? 60_000;
  const channel = `${options.keyPrefix}breaker-events`;
  const views = new Map<string, LocalView>();
  const redis = options.redis as RedisWithBreakerScripts;
  if (!('breakerRecordFailure' in redis)) {
    options.redis.defineCommand('breakerRecordFailure', { numberOfKeys: 1, lua: recordFailureScript });
    options.redis.defineCommand('breakerRecordSuccess', { numberOfKeys: 1, lua: recordSuccessScript });
  }
  const keyOf = (candidate: string) => `${options.keyPrefix}breaker:${candidate}`;
  const probeKeyOf = (candidate: string) => `${options.keyPrefix}breaker-probe:${candidate}`;
  const viewOf = (candidate: string): LocalView => {
    let view = views.get(candidate);
    if (!view) {
      view = { state: 'closed', openUntil: 0, knownFailures: 0, coolUntil: 0 };
      views.set(candidate, view);
    }
    return view;
  };

  const seen = new Set<string>();
  const subscription = subscribeToChannel({
    redis: options.redis,
    channel,
    logger: options.logger,
    onMessage(payload) {
      const message = JSON.parse(payload) as BreakerMessage;
      const view = viewOf(message.candidate);
      view.state = message.state;
      view.openUntil = message.openUntil;
      if (message.coolUntil !== undefined) view.coolUntil = Math.max(view.coolUntil, message.coolUntil);
      // An open breaker elsewhere means failures exist: our next success must reach Redis to close it.
      if (message.state !== 'closed') view.knownFailures = Math.max(view.knownFailures, 1);
    },
    // Transitions published while the connection was down were missed: re-read each breaker on next use.
    onReconnect: () => seen.clear(),
  });

  const publish = (message: BreakerMessage) => options.redis.publish(channel, JSON.stringify(message));

  // Picks up breakers opened before this process started (or while its subscription was down).
  const refreshFromRedis = async (candidate: string, view: LocalView) => {
    const stored = await options.redis.hmget(keyOf(candidate), 'state', 'openUntil');
    if (stored[0]) {
      view.state = stored[0] as BreakerState;
      view.openUntil = Number(stored[1] ?? 0);
      if (view.state !== 'closed') view.knownFailures = Math.max(view.knownFailures, 1);
    }
  };

  return {
    async check(candidate) {
      const view = viewOf(candidate);
      if (!seen.has(candidate)) {
        // Breakers are an optimisation: with Redis unreachable the candidate is simply tried.
        await refreshFromRedis(candidate, view).then(
          () => seen.add(candidate),
          () => {},
        );
      }
      const time = now();
      if (view.coolUntil > time)
        return { allowed: false, reason: 'cooling_down', retryInMs: view.coolUntil - time };
      if (view.state === 'closed') return { allowed: true, probe: false };
      if (view.state === 'open' && time < view.openUntil) {
        return { allowed: false, reason: 'breaker_open', retryInMs: view.openUntil - time };
      }
      // Cooldown over: exactly one process, once per cooldown, gets to probe.
      const acquired = await options.redis.set(
        probeKeyOf(candidate),
        String(time),
        'PX',
        options.cooldownMs,
        'NX',
      );
      if (acquired === 'OK') {
        view.state = 'half_open';
        return { allowed: true, probe: true };
      }
      return { allowed: false, reason: 'breaker_open', retryInMs: Math.max(50, options.cooldownMs / 10) };
    },

    async recordSuccess(candidate) {
      const view = viewOf(candidate);
      if (view.knownFailures === 0 && view.state === 'closed') return;
      const changed = await redis.breakerRecordSuccess(keyOf(candidate));
      view.knownFailures = 0;
      view.state = 'closed';
      view.openUntil = 0;
      if (changed === 1) {
        await options.redis.del(probeKeyOf(candidate));
        await publish({ candidate, state: 'closed', openUntil: 0 });
      }
    },

    async recordFailure(candidate) {
      const view = viewOf(candidate);
      let outcome: [string, string, number, number];
      try {
        outcome = await redis.breakerRecordFailure(
          keyOf(candidate),
          now(),
          options.failureThreshold,
          options.cooldownMs,
          failureWindowMs,
        );
      } catch {
        // Redis unreachable: this process still remembers the failure; the shared state catches up later.
        view.knownFailures += 1;
        return view.state;
      }
      const [state, openUntil, failures, opened] = outcome;
      view.state = state as BreakerState;
      view.openUntil = Number(openUntil);
      view.knownFailures = failures;
      if (opened === 1)
        await publish({ candidate, state: view.state, openUntil: view.openUntil }).catch(() => 0);
      return view.state;
    },

    async coolDown(candidate, milliseconds) {
      const view = viewOf(candidate);
      const coolUntil = now() + milliseconds;
      if (coolUntil <= view.coolUntil) return;
      view.coolUntil = coolUntil;
      await publish({ candidate, state: view.state, openUntil: view.openUntil, coolUntil }).catch(() => 0);
    },

    state(candidate) {
      return viewOf(candidate).state;
    },

    ready: subscription.ready,

    async close() {
      await subscription.close();
    },
  };
}

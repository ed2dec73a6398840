import { createHash, randomUUID } from 'node:crypto';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Redis } from '../redis/create-redis-client.js';
import type { ResultSink } from './pull-request-platform.js';

const lockTtlMs = 30_000;
const waitStepMs = 50;
const maxWaitMs = 20_000;
const unlockScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Wraps a sink so that writes found again by the same marker (a sticky comment, a reply, a run's review)
 * never run at the same time for one pull request, in any process: two jobs of one pull request (review and
 * describe when it opens, two commands) would otherwise both find no comment and both create one.
 */
export function serializeSinkWrites(
  sink: ResultSink,
  options: { redis: Redis; keyPrefix: string; projectId: string; number: number },
): ResultSink {
  const { redis } = options;
  const locked = async <Result>(marker: string, write: () => Promise<Result>): Promise<Result> => {
    const digest = createHash('sha256').update(marker).digest('hex').slice(0, 16);
    const key = `${options.keyPrefix}jobs:sink-lock:${options.projectId}:${options.number}:${digest}`;
    const token = randomUUID();
    const deadline = Date.now() + maxWaitMs;
    while ((await redis.set(key, token, 'PX', lockTtlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) {
        throw new SwitchyardError({
          code: 'job.sink_busy',
          retryable: true,
          message: 'Another job kept posting to this pull request for too long; this one will try again.',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, waitStepMs));
    }
    try {
      return await write();
    } finally {
      await redis.eval(unlockScript, 1, key, token).catch(() => {});
    }
  };
  return {
    ...sink,
    upsertStickyComment: (marker, body) => locked(marker, () => sink.upsertStickyComment(marker, body)),
    postReview: (input) => locked(input.runMarker, () => sink.postReview(input)),
    reply: (replyTo, marker, body) => locked(marker, () => sink.reply(replyTo, marker, body)),
  };
}

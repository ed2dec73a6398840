import { createHash } from 'node:crypto';
import type { Redis } from '../../redis/create-redis-client.js';
import type { ModelRequest } from '../spec/model-request.js';
import type { ModelResponse } from '../spec/model-response.js';

/** What a cache hit returns: the response and which candidate originally produced it. */
export interface CachedResponse {
  candidate: string;
  response: ModelResponse;
}

/**
 * Opt-in exact-match cache, per project: the key is a hash of the normalized request and the requested
 * candidates, so agents re-running on unchanged input do not pay twice.
 */
export interface ResponseCache {
  keyFor(projectId: string, request: ModelRequest, candidates: readonly string[]): string;
  read(key: string): Promise<CachedResponse | undefined>;
  write(key: string, value: CachedResponse, ttlSeconds: number): Promise<void>;
}

export function createResponseCache(options: { redis: Redis; keyPrefix: string }): ResponseCache {
  return {
    keyFor(projectId, request, candidates) {
      const normalized = JSON.stringify([
        request.system ?? '',
        request.messages.map((message) => [message.role, message.content]),
        request.maxOutputTokens ?? null,
        request.temperature ?? null,
        request.topP ?? null,
        request.stop ?? null,
        request.responseFormat ?? 'text',
        candidates,
      ]);
      const digest = createHash('sha256').update(normalized).digest('base64url');
      return `${options.keyPrefix}cache:${projectId}:${digest}`;
    },
    async read(key) {
      const stored = await options.redis.get(key);
      if (!stored) return undefined;
      try {
        return JSON.parse(stored) as CachedResponse;
      } catch {
        return undefined;
      }
    },
    async write(key, value, ttlSeconds) {
      await options.redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
    },
  };
}

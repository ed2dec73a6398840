import type { PostedResult } from '../core/agents/pull-request-platform.js';
import type { Logger } from '../core/logging/create-logger.js';
import { appendMarker } from './append-marker.js';
import { createIdempotently, type RetryPolicy } from './create-idempotently.js';

/** A comment (GitHub) or note (GitLab) the bot posted on one pull request. */
export interface MarkedComment {
  id: number;
  url: string;
  body: string;
}

/** The calls that differ per platform; everything else about marked comments is the same. */
export interface MarkedCommentsOptions {
  /** The platform's name, for log lines (`GitHub`, `GitLab`). */
  platform: string;
  /** The bot's own comment whose body carries `marker`, if there is one. */
  findOwn(marker: string): Promise<MarkedComment | undefined>;
  /**
   * Posts a new comment, in the thread `threadId` where given (a GitLab discussion). Sent without the client's
   * own retries: a failure is retried here, after looking for what it may have left.
   */
  create(body: string, threadId?: string): Promise<MarkedComment>;
  /** Replaces the body of the bot's comment `id`. */
  edit(id: number, body: string): Promise<{ id: number; url: string }>;
  /** Whether a failed call means the comment is not there (a 404): it was deleted. */
  isNotFound(error: unknown): boolean;
  /** Whether a failed creation may have been transient (a 5xx, a dropped connection). */
  isTransient(error: unknown): boolean;
  retryPolicy: RetryPolicy;
  logger?: Logger;
}

/** The bot's comments on one pull request, each found again by the hidden marker at its end. */
export interface MarkedComments {
  /** The bot's comment carrying `marker`, if there is one. */
  find(marker: string): Promise<PostedResult | undefined>;
  /** The same, with its body. */
  read(marker: string): Promise<(PostedResult & { body: string }) | undefined>;
  /** Posts `body` with `marker` appended, once even when a creation fails with a 5xx and is tried again. */
  create(marker: string, body: string, what: string, threadId?: string): Promise<PostedResult>;
  /** Edits in place the one comment carrying `marker` (when its body differs), or creates it. */
  upsert(marker: string, body: string, what: string): Promise<PostedResult>;
}

/**
 * The sticky-comment logic GitHub and GitLab share: find by marker, edit in place or create, and after a 5xx
 * look for the comment before creating it again. The platform passes its API calls.
 */
export function createMarkedComments(options: MarkedCommentsOptions): MarkedComments {
  // Comment ids found or created here, so a second upsert of the same marker skips the listing.
  const knownIds = new Map<string, number>();

  const findOwn = async (marker: string): Promise<MarkedComment | undefined> => {
    const found = await options.findOwn(marker);
    if (found) knownIds.set(marker, found.id);
    return found;
  };

  const create = (marker: string, body: string, what: string, threadId?: string) =>
    createIdempotently({
      platform: options.platform,
      isTransient: options.isTransient,
      find: () => findOwn(marker),
      create: async () => {
        const created = await options.create(appendMarker(body, marker), threadId);
        knownIds.set(marker, created.id);
        return created;
      },
      policy: options.retryPolicy,
      logger: options.logger,
      what,
    });

  const editKnown = async (marker: string, body: string) => {
    const id = knownIds.get(marker);
    if (id === undefined) return undefined;
    try {
      return await options.edit(id, body);
    } catch (error) {
      // Someone deleted it: forget it and look again.
      if (!options.isNotFound(error)) throw error;
      knownIds.delete(marker);
      return undefined;
    }
  };

  const posted = (comment: { id: number; url: string }): PostedResult => ({
    id: String(comment.id),
    url: comment.url,
  });

  return {
    async find(marker) {
      const found = await findOwn(marker);
      return found ? posted(found) : undefined;
    },

    async read(marker) {
      const found = await findOwn(marker);
      return found ? { ...posted(found), body: found.body } : undefined;
    },

    create: async (marker, body, what, threadId) => posted(await create(marker, body, what, threadId)),

    async upsert(marker, body, what) {
      const text = appendMarker(body, marker);
      const known = await editKnown(marker, text);
      if (known) return posted(known);
      const existing = await findOwn(marker);
      if (existing && existing.body === text) return posted(existing);
      const edited = existing ? await editKnown(marker, text) : undefined;
      return posted(edited ?? (await create(marker, text, what)));
    },
  };
}

import { describe, expect, it } from '@jest/globals';
import { createMarkedComments, type MarkedComment } from '../../integrations/create-marked-comments.js';

class StatusError extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

/** One pull request's comments in memory, with the calls each platform passes, counted. */
function fakeThread(options: { failNextCreate?: 'before-write' | 'after-write' } = {}) {
  const comments: (MarkedComment & { threadId?: string })[] = [];
  const calls = { findOwn: 0, create: 0, edit: 0 };
  let nextId = 1;
  let failNextCreate = options.failNextCreate;
  const markedComments = createMarkedComments({
    platform: 'Test',
    findOwn: async (marker) => {
      calls.findOwn += 1;
      const found = comments.find((comment) => comment.body.includes(marker));
      return found && { id: found.id, url: found.url, body: found.body };
    },
    create: async (body, threadId) => {
      calls.create += 1;
      const failure = failNextCreate;
      failNextCreate = undefined;
      if (failure === 'before-write') throw new StatusError(502);
      const id = nextId++;
      const comment = { id, url: `https://example.test/comments/${id}`, body, threadId };
      comments.push(comment);
      if (failure === 'after-write') throw new StatusError(502);
      return { id, url: comment.url, body };
    },
    edit: async (id, body) => {
      calls.edit += 1;
      const comment = comments.find((candidate) => candidate.id === id);
      if (!comment) throw new StatusError(404);
      comment.body = body;
      return { id, url: comment.url };
    },
    isNotFound: (error) => error instanceof StatusError && error.status === 404,
    isTransient: (error) => error instanceof StatusError && error.status >= 500,
    retryPolicy: { retries: 2, baseDelayMs: 1 },
  });
  return { comments, calls, markedComments };
}

const marker = '<!-- switchyard:review -->';

describe('createMarkedComments', () => {
  it('creates the comment once, then edits it in place without listing again', async () => {
    const { comments, calls, markedComments } = fakeThread();
    const created = await markedComments.upsert(marker, 'Reviewing…', 'post the comment');
    const edited = await markedComments.upsert(marker, 'Reviewed.', 'post the comment');

    expect(edited).toEqual(created);
    expect(created).toEqual({ id: '1', url: 'https://example.test/comments/1' });
    expect(comments.map((comment) => comment.body)).toEqual([`Reviewed.\n\n${marker}`]);
    expect(calls).toEqual({ findOwn: 1, create: 1, edit: 1 });
  });

  it('leaves a comment found with the same body as it is', async () => {
    const { comments, calls, markedComments } = fakeThread();
    comments.push({ id: 7, url: 'https://example.test/comments/7', body: `Reviewed.\n\n${marker}` });

    expect(await markedComments.upsert(marker, 'Reviewed.', 'post the comment')).toEqual({
      id: '7',
      url: 'https://example.test/comments/7',
    });
    expect(calls).toEqual({ findOwn: 1, create: 0, edit: 0 });
  });

  it('edits a comment found with another body, without creating one', async () => {
    const { comments, calls, markedComments } = fakeThread();
    comments.push({ id: 7, url: 'https://example.test/comments/7', body: `Reviewing…\n\n${marker}` });
    await markedComments.upsert(marker, 'Reviewed.', 'post the comment');

    expect(comments.map((comment) => comment.body)).toEqual([`Reviewed.\n\n${marker}`]);
    expect(calls).toEqual({ findOwn: 1, create: 0, edit: 1 });
  });

  it('creates the comment again when the one it knew was deleted', async () => {
    const { comments, calls, markedComments } = fakeThread();
    await markedComments.upsert(marker, 'Reviewing…', 'post the comment');
    comments.splice(0);
    const recreated = await markedComments.upsert(marker, 'Reviewed.', 'post the comment');

    expect(recreated.id).toBe('2');
    expect(comments.map((comment) => comment.body)).toEqual([`Reviewed.\n\n${marker}`]);
    expect(calls).toEqual({ findOwn: 2, create: 2, edit: 1 });
  });

  it('finds the comment a failed creation left instead of posting a second one', async () => {
    const { comments, calls, markedComments } = fakeThread({ failNextCreate: 'after-write' });
    const posted = await markedComments.create(marker, 'Because.', 'answer the command');

    expect(posted).toEqual({ id: '1', url: 'https://example.test/comments/1' });
    expect(comments).toHaveLength(1);
    expect(calls).toEqual({ findOwn: 1, create: 1, edit: 0 });
  });

  it('creates again after a failure that left nothing', async () => {
    const { comments, calls, markedComments } = fakeThread({ failNextCreate: 'before-write' });
    await markedComments.create(marker, 'Because.', 'answer the command');

    expect(comments.map((comment) => comment.body)).toEqual([`Because.\n\n${marker}`]);
    expect(calls).toEqual({ findOwn: 1, create: 2, edit: 0 });
  });

  it('posts in the given thread, and finds the comment with or without its body', async () => {
    const { comments, markedComments } = fakeThread();
    expect(await markedComments.find(marker)).toBeUndefined();
    expect(await markedComments.read(marker)).toBeUndefined();
    const posted = await markedComments.create(marker, `Because.\n\n${marker}`, 'answer the command', 'd1');

    expect(comments).toEqual([{ ...posted, id: 1, body: `Because.\n\n${marker}`, threadId: 'd1' }]);
    expect(await markedComments.find(marker)).toEqual(posted);
    expect(await markedComments.read(marker)).toEqual({ ...posted, body: `Because.\n\n${marker}` });
  });
});

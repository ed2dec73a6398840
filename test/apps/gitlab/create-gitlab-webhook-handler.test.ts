import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createGitLabIntakeHandler } from '../../../apps/gitlab/create-gitlab-intake-handler.js';
import {
  createGitLabWebhookHandler,
  type GitLabDelivery,
} from '../../../apps/gitlab/create-gitlab-webhook-handler.js';
import type { DeliveryRecord } from '../../../core/jobs/create-webhook-delivery-log.js';
import type { IntakeDelivery } from '../../../core/jobs/create-webhook-intake.js';
import type { JobRequest } from '../../../core/jobs/job-request.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import type {
  PlatformProject,
  PlatformProjectReference,
} from '../../../core/projects/create-platform-project-directory.js';
import {
  issueNoteExample,
  mergeRequestHookExample,
  mergeRequestNoteExample,
  pushHookExample,
  signedWebhookHeaders,
} from './__fixtures__/gitlab-webhook-examples.js';

const secretToken = 'gitlab-webhook-secret-0123456789';
const signingToken = `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The handler wired to the real intake handler through an in-memory intake (the Redis stream is tested in
 * test/core/jobs), with a directory, queue and delivery log that remember what they were given.
 */
function setUp(options: { project?: Partial<PlatformProject>; signed?: boolean } = {}) {
  const resolved: PlatformProjectReference[] = [];
  const requests: JobRequest[] = [];
  const recorded: DeliveryRecord[] = [];
  const unfinished: string[] = [];
  const seen = new Set<string>();
  const state = { intakeFailing: false, queueFailing: false };
  const handleBatch = createGitLabIntakeHandler({
    directory: {
      async resolve(reference) {
        resolved.push(reference);
        return { projectId: randomUUID(), organizationId: randomUUID(), active: true, ...options.project };
      },
    },
    queue: {
      async enqueue(request) {
        if (state.queueFailing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
        requests.push(request);
        return { jobId: `job-${requests.length}`, status: 'enqueued' };
      },
    },
    deliveries: {
      async findHandled(_platform, ids) {
        return new Set(ids.filter((id) => recorded.some((record) => record.deliveryId === id)));
      },
      async recordMany(rows) {
        recorded.push(...rows);
      },
    },
    logger: createLogger({ level: 'silent' }),
  });
  const handle = createGitLabWebhookHandler({
    secretToken,
    signingToken: options.signed ? signingToken : undefined,
    intake: {
      async accept(delivery: Omit<IntakeDelivery, 'acceptedAt'>) {
        if (state.intakeFailing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
        if (seen.has(delivery.deliveryId)) return 'duplicate';
        seen.add(delivery.deliveryId);
        const done = await handleBatch([{ ...delivery, acceptedAt: Date.now() }]);
        if (!done.has(delivery.deliveryId)) unfinished.push(delivery.deliveryId);
        return 'accepted';
      },
    },
    logger: createLogger({ level: 'silent' }),
  });
  return { handle, state, resolved, requests, recorded, unfinished };
}

/** A delivery as GitLab sends it: the secret token, an idempotency key, signed when asked. */
function delivery(
  event: string,
  payload: unknown,
  overrides: Partial<GitLabDelivery> & { signWith?: string } = {},
): GitLabDelivery {
  const { signWith, ...rest } = overrides;
  const rawBody = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const idempotencyKey = rest.idempotencyKey ?? randomUUID();
  return {
    token: secretToken,
    event,
    idempotencyKey,
    eventUuid: randomUUID(),
    signature: signWith
      ? signedWebhookHeaders(signWith, rawBody, { id: idempotencyKey })
      : { id: undefined, timestamp: undefined, signature: undefined },
    rawBody,
    ...rest,
  };
}

describe('the GitLab webhook handler', () => {
  describe('authenticity', () => {
    it('refuses a delivery without X-Gitlab-Token, and enqueues nothing', async () => {
      const app = setUp();
      const answer = await app.handle(
        delivery('Merge Request Hook', mergeRequestHookExample('open'), { token: undefined }),
      );
      expect(answer).toMatchObject({ status: 401, body: { error: { code: 'gitlab.token_missing' } } });
      expect(app.requests).toEqual([]);
      expect(app.resolved).toEqual([]);
    });

    it('refuses a wrong token, naming GITLAB_WEBHOOK_SECRET', async () => {
      const app = setUp();
      const answer = await app.handle(
        delivery('Merge Request Hook', mergeRequestHookExample('open'), { token: 'guess' }),
      );
      expect(answer).toMatchObject({ status: 401, body: { error: { code: 'gitlab.token_invalid' } } });
      expect(JSON.stringify(answer.body)).toContain('GITLAB_WEBHOOK_SECRET');
      expect(app.requests).toEqual([]);
      expect(app.recorded).toEqual([]);
    });

    it('accepts a signed webhook when GITLAB_SIGNING_TOKEN is set', async () => {
      const app = setUp({ signed: true });
      const answer = await app.handle(
        delivery('Merge Request Hook', mergeRequestHookExample('open'), { signWith: signingToken }),
      );
      expect(answer).toEqual({ status: 202, body: { status: 'accepted' } });
      expect(app.requests).toHaveLength(1);
    });

    it('refuses an unsigned or wrongly signed webhook when GITLAB_SIGNING_TOKEN is set, even with the right token', async () => {
      const app = setUp({ signed: true });
      const payload = mergeRequestHookExample('open');
      const unsigned = await app.handle(delivery('Merge Request Hook', payload));
      expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'gitlab.signature_missing' } } });
      const otherToken = `whsec_${randomBytes(32).toString('base64')}`;
      const wrong = await app.handle(delivery('Merge Request Hook', payload, { signWith: otherToken }));
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'gitlab.signature_invalid' } } });
      expect(app.requests).toEqual([]);
    });

    it.each([
      ['stale', -301],
      ['future', 301],
    ])('refuses a signed webhook with a %s timestamp', async (_label, offset) => {
      const app = setUp({ signed: true });
      const sent = delivery('Merge Request Hook', mergeRequestHookExample('open'));
      sent.signature = signedWebhookHeaders(signingToken, sent.rawBody, {
        id: sent.idempotencyKey,
        timestamp: Math.floor(Date.now() / 1000) + offset,
      });
      const answer = await app.handle(sent);
      expect(answer).toMatchObject({ status: 401, body: { error: { code: 'gitlab.signature_expired' } } });
      expect(app.requests).toEqual([]);
    });
  });

  describe('before it reads a delivery', () => {
    it('refuses a delivery without X-Gitlab-Event', async () => {
      const app = setUp();
      const answer = await app.handle(
        delivery('Merge Request Hook', mergeRequestHookExample('open'), { event: undefined }),
      );
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'gitlab.headers_missing' } } });
    });

    it('refuses a body that is not JSON, and a payload without the fields it reads, naming them', async () => {
      const app = setUp();
      const notJson = await app.handle(delivery('Note Hook', 'note=%2Fagent+review'));
      expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'gitlab.payload_invalid' } } });
      const payload = mergeRequestHookExample('open') as unknown as { project: Record<string, unknown> };
      delete payload.project.path_with_namespace;
      const invalid = await app.handle(delivery('Merge Request Hook', payload));
      expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'gitlab.payload_invalid' } } });
      expect(JSON.stringify(invalid.body)).toContain('project.path_with_namespace');
      expect(app.requests).toEqual([]);
    });

    it('answers 200 to events it has no use for, such as pushes that leave .switchyard.yml alone, so GitLab keeps the webhook enabled', async () => {
      const app = setUp();
      for (const event of ['Push Hook', 'Pipeline Hook', 'Issue Hook']) {
        const answer = await app.handle(delivery(event, pushHookExample()));
        expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
      }
      expect(app.resolved).toEqual([]);
    });
  });

  describe('push hooks', () => {
    /** The documented push to master, changing `.switchyard.yml` in its one commit. */
    function configPush() {
      const payload = pushHookExample();
      payload.commits![0]!.modified = ['.switchyard.yml'];
      return payload;
    }

    it('enqueues one config job when a push to the default branch changes .switchyard.yml', async () => {
      const app = setUp();
      const sent = delivery('Push Hook', configPush());
      expect(await app.handle(sent)).toEqual({ status: 202, body: { status: 'accepted' } });
      expect(app.requests).toEqual([
        expect.objectContaining({
          agent: 'config',
          trigger: 'automatic',
          target: { kind: 'repository', platform: 'gitlab', repository: 'mike/diaspora' },
          revision: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          deliveryId: sent.idempotencyKey,
        }),
      ]);
      expect(app.resolved).toEqual([
        {
          platform: 'gitlab',
          organization: { externalId: 'mike', name: 'mike' },
          project: { externalId: '15', name: 'mike/diaspora' },
        },
      ]);
      expect(app.recorded).toEqual([expect.objectContaining({ event: 'push', jobId: 'job-1' })]);
    });

    it('answers a push to another branch, or one deleting the default branch, without resolving the project', async () => {
      const app = setUp();
      const other = { ...configPush(), ref: 'refs/heads/feature' };
      const deleted = { ...configPush(), after: '0'.repeat(40), commits: [], total_commits_count: 0 };
      for (const payload of [other, deleted]) {
        expect(await app.handle(delivery('Push Hook', payload))).toMatchObject({
          status: 200,
          body: { status: 'ignored' },
        });
      }
      expect(app.resolved).toEqual([]);
      expect(app.requests).toEqual([]);
    });

    it('refuses a push hook without the fields it reads, naming them', async () => {
      const app = setUp();
      const payload = configPush() as Record<string, unknown>;
      delete payload.after;
      const answer = await app.handle(delivery('Push Hook', payload));
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'gitlab.payload_invalid' } } });
      expect(JSON.stringify(answer.body)).toContain('after');
    });
  });

  describe('merge request hooks', () => {
    it('enqueues one review job when a merge request opens, and records the delivery', async () => {
      const app = setUp({ project: { projectId: '6f1c1c36-0a39-4d6b-9c5e-3b8f5d1c2a01' } });
      const sent = delivery('Merge Request Hook', mergeRequestHookExample('open'));
      expect(await app.handle(sent)).toEqual({ status: 202, body: { status: 'accepted' } });
      expect(app.requests).toEqual([
        expect.objectContaining({
          agent: 'review',
          event: 'opened',
          trigger: 'automatic',
          revision: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          target: { kind: 'pull_request', platform: 'gitlab', repository: 'gitlabhq/gitlab-test', number: 1 },
          deliveryId: sent.idempotencyKey,
        }),
      ]);
      expect(app.recorded).toEqual([
        {
          platform: 'gitlab',
          deliveryId: sent.idempotencyKey,
          event: 'merge_request.open',
          projectId: '6f1c1c36-0a39-4d6b-9c5e-3b8f5d1c2a01',
          jobId: 'job-1',
        },
      ]);
    });

    it('resolves the organization by top-level group path and the project by id, on first contact', async () => {
      const app = setUp();
      const payload = mergeRequestHookExample('open');
      payload.project.path_with_namespace = 'Acme/platform/api';
      await app.handle(delivery('Merge Request Hook', payload));
      expect(app.resolved).toEqual([
        {
          platform: 'gitlab',
          organization: { externalId: 'acme', name: 'Acme' },
          project: { externalId: '1', name: 'Acme/platform/api' },
        },
      ]);
    });

    it('enqueues a review with the synchronize event when an update brings commits', async () => {
      const app = setUp();
      const payload = mergeRequestHookExample('update', {
        oldrev: '95790bf891e76fee5e1747ab589903a6a1f80f22',
      });
      expect((await app.handle(delivery('Merge Request Hook', payload))).status).toBe(202);
      expect(app.requests).toEqual([expect.objectContaining({ agent: 'review', event: 'synchronize' })]);
    });

    it.each([
      ['a title edit (update without oldrev)', mergeRequestHookExample('update', { title: 'New title' })],
      ['closed', mergeRequestHookExample('close', { state: 'closed' })],
      ['merged', mergeRequestHookExample('merge', { state: 'merged' })],
    ])('answers 200 and enqueues nothing for %s', async (_label, payload) => {
      const app = setUp();
      const answer = await app.handle(delivery('Merge Request Hook', payload));
      expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
      expect(app.requests).toEqual([]);
      expect(app.recorded).toEqual([]);
    });

    it('enqueues nothing for a project that is no longer connected, and records the delivery', async () => {
      const app = setUp({ project: { active: false } });
      expect((await app.handle(delivery('Merge Request Hook', mergeRequestHookExample('open')))).status).toBe(
        202,
      );
      expect(app.requests).toEqual([]);
      expect(app.recorded).toHaveLength(1);
      expect(app.unfinished).toEqual([]);
    });
  });

  describe('redeliveries and failures', () => {
    it('answers a redelivery with the same Idempotency-Key as a duplicate, enqueueing nothing again', async () => {
      const app = setUp();
      const sent = delivery('Merge Request Hook', mergeRequestHookExample('open'));
      expect((await app.handle(sent)).status).toBe(202);
      expect(await app.handle({ ...sent, eventUuid: randomUUID() })).toMatchObject({
        status: 200,
        body: { status: 'duplicate' },
      });
      expect(app.requests).toHaveLength(1);
    });

    it('uses X-Gitlab-Event-UUID as the delivery id when GitLab sends no Idempotency-Key', async () => {
      const app = setUp();
      const sent = delivery('Merge Request Hook', mergeRequestHookExample('open'), {
        idempotencyKey: undefined,
      });
      await app.handle(sent);
      expect(await app.handle(sent)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
      expect(app.recorded).toEqual([expect.objectContaining({ deliveryId: sent.eventUuid })]);
    });

    it('answers 503 and records nothing when the intake (Redis) is down, so a resend is handled', async () => {
      const app = setUp();
      const sent = delivery('Merge Request Hook', mergeRequestHookExample('open'));
      app.state.intakeFailing = true;
      const answer = await app.handle(sent);
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'gitlab.enqueue_failed' } } });
      expect(JSON.stringify(answer.body)).not.toContain('ECONNREFUSED');
      expect(app.recorded).toEqual([]);
      app.state.intakeFailing = false;
      expect((await app.handle(sent)).status).toBe(202);
      expect(app.requests).toHaveLength(1);
    });

    it('leaves an accepted delivery unfinished and unrecorded when its enqueue fails, so the intake retries it', async () => {
      const app = setUp();
      const sent = delivery('Merge Request Hook', mergeRequestHookExample('open'));
      app.state.queueFailing = true;
      expect((await app.handle(sent)).status).toBe(202);
      expect(app.unfinished).toEqual([sent.idempotencyKey]);
      expect(app.recorded).toEqual([]);
    });
  });

  describe('note hooks', () => {
    it('enqueues the command a merge request note asks for, replying to that note', async () => {
      const app = setUp();
      const sent = delivery('Note Hook', mergeRequestNoteExample('/agent review'));
      expect((await app.handle(sent)).status).toBe(202);
      expect(app.requests).toEqual([
        expect.objectContaining({
          agent: 'review',
          trigger: 'command',
          revision: 'note-1244',
          requestedBy: 'root',
          target: {
            kind: 'pull_request',
            platform: 'gitlab',
            repository: 'gitlab-org/gitlab-test',
            number: 1,
          },
          replyTo: expect.objectContaining({ platform: 'gitlab', noteId: 1244 }),
        }),
      ]);
      expect(app.recorded).toEqual([expect.objectContaining({ event: 'note.create' })]);
    });

    it('ignores commands in notes on issues', async () => {
      const app = setUp();
      const answer = await app.handle(delivery('Note Hook', issueNoteExample('/agent review')));
      expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
      expect(app.requests).toEqual([]);
    });

    it('ignores system notes', async () => {
      const app = setUp();
      const payload = mergeRequestNoteExample('/agent review');
      payload.object_attributes.system = true;
      const answer = await app.handle(delivery('Note Hook', payload));
      expect(answer).toEqual({
        status: 200,
        body: { status: 'ignored', reason: 'system notes are ignored' },
      });
      expect(app.requests).toEqual([]);
    });

    it('checks a word that could be a configured prefix against the project’s prefix in the worker', async () => {
      const app = setUp({ project: { commandPrefix: '@bot' } });
      expect((await app.handle(delivery('Note Hook', mergeRequestNoteExample('Looks good')))).status).toBe(
        202,
      );
      await app.handle(delivery('Note Hook', mergeRequestNoteExample('@bot describe')));
      expect(app.requests).toEqual([expect.objectContaining({ agent: 'describe' })]);
    });
  });
});

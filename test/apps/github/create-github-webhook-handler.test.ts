import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createGitHubIntakeHandler } from '../../../apps/github/create-github-intake-handler.js';
import {
  createGitHubWebhookHandler,
  type GitHubDelivery,
} from '../../../apps/github/create-github-webhook-handler.js';
import type { EnqueueResult } from '../../../core/jobs/create-job-queue.js';
import type { WebhookDeliveryLog } from '../../../core/jobs/create-webhook-delivery-log.js';
import type { IntakeBatchHandler, IntakeDelivery } from '../../../core/jobs/create-webhook-intake.js';
import type { JobRequest } from '../../../core/jobs/job-request.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import type {
  PlatformProject,
  PlatformProjectDirectory,
  PlatformProjectReference,
} from '../../../core/projects/create-platform-project-directory.js';
import {
  defaultBranchPushExample,
  pullRequestCommentExample,
  signWebhookBody,
  verifyWebhookSignature,
  webhookExample,
} from './__fixtures__/github-webhook-examples.js';

const secret = 'It is a secret to everybody';

/** A directory that knows one project, and remembers every call. */
function fakeDirectory(project: Partial<PlatformProject> = {}) {
  const resolved: PlatformProjectReference[] = [];
  const connected: Parameters<PlatformProjectDirectory['connect']>[0][] = [];
  const disconnected: Parameters<PlatformProjectDirectory['disconnect']>[0][] = [];
  const directory: PlatformProjectDirectory = {
    async resolve(reference) {
      resolved.push(reference);
      return { projectId: randomUUID(), organizationId: randomUUID(), active: true, ...project };
    },
    async connect(input) {
      connected.push(input);
      return input.projects.map((listed) => ({
        projectId: randomUUID(),
        organizationId: randomUUID(),
        name: listed.name,
      }));
    },
    async disconnect(input) {
      disconnected.push(input);
    },
    async recordRepositoryConfig() {
      throw new Error('the webhook never records a repository config');
    },
  };
  return { directory, resolved, connected, disconnected };
}

/** A queue that accepts every request (or fails while `failing`), and remembers them. */
function fakeQueue() {
  const requests: JobRequest[] = [];
  const queue = {
    failing: false,
    async enqueue(request: JobRequest): Promise<EnqueueResult> {
      if (queue.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      requests.push(request);
      return { jobId: `job-${requests.length}`, status: 'enqueued' };
    },
  };
  return { queue, requests };
}

/** An in-memory delivery log, with what it recorded. */
function fakeDeliveries() {
  const recorded: Parameters<WebhookDeliveryLog['record']>[0][] = [];
  const deliveries = {
    failing: false as boolean,
    async has(platform: string, deliveryId: string) {
      return recorded.some(
        (delivery) => delivery.platform === platform && delivery.deliveryId === deliveryId,
      );
    },
    async record(delivery: Parameters<WebhookDeliveryLog['record']>[0]) {
      if (deliveries.failing) throw new Error('database unavailable');
      recorded.push(delivery);
      return 'recorded' as const;
    },
    async findHandled(platform: string, deliveryIds: readonly string[]) {
      const handled = new Set<string>();
      for (const deliveryId of deliveryIds)
        if (await deliveries.has(platform, deliveryId)) handled.add(deliveryId);
      return handled;
    },
    async recordMany(rows: ReadonlyArray<Parameters<WebhookDeliveryLog['record']>[0]>) {
      for (const row of rows) await deliveries.record(row);
    },
    prune: async () => 0,
  } satisfies WebhookDeliveryLog & { failing: boolean };
  return { deliveries, recorded };
}

/**
 * An intake that hands each accepted delivery to the real intake handler at once (the Redis stream and its
 * consumer are tested in test/core/jobs): a failed append while `failing`, and the deliveries left unfinished.
 */
function fakeIntake(handler: IntakeBatchHandler) {
  const seen = new Set<string>();
  const unfinished: string[] = [];
  const intake = {
    failing: false,
    async accept(delivery: Omit<IntakeDelivery, 'acceptedAt'>) {
      if (intake.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      if (seen.has(delivery.deliveryId)) return 'duplicate' as const;
      seen.add(delivery.deliveryId);
      const done = await handler([{ ...delivery, acceptedAt: Date.now() }]).catch(() => new Set<string>());
      if (!done.has(delivery.deliveryId)) unfinished.push(delivery.deliveryId);
      return 'accepted' as const;
    },
  };
  return { intake, unfinished };
}

function setUp(project: Partial<PlatformProject> = {}) {
  const directory = fakeDirectory(project);
  const queue = fakeQueue();
  const deliveries = fakeDeliveries();
  const logger = createLogger({ level: 'silent' });
  const intake = fakeIntake(
    createGitHubIntakeHandler({
      directory: directory.directory,
      queue: queue.queue,
      deliveries: deliveries.deliveries,
      logger,
    }),
  );
  const handle = createGitHubWebhookHandler({
    verify: async (rawBody, signature) => verifyWebhookSignature(rawBody, signature, secret),
    directory: directory.directory,
    intake: intake.intake,
    deliveries: deliveries.deliveries,
    queue: queue.queue,
    logger,
  });
  return { handle, ...directory, ...queue, ...deliveries, ...intake };
}

/** A delivery as GitHub sends it: signed with the secret unless told otherwise. */
function delivery(name: string, payload: unknown, overrides: Partial<GitHubDelivery> = {}): GitHubDelivery {
  const rawBody = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { id: randomUUID(), name, signature: signWebhookBody(rawBody, secret), rawBody, ...overrides };
}

describe('the GitHub webhook handler', () => {
  describe('before it reads a delivery', () => {
    it('refuses a delivery without a signature, and enqueues nothing', async () => {
      const app = setUp();
      const answer = await app.handle(
        delivery('pull_request', webhookExample('pull_request', 'opened'), { signature: undefined }),
      );
      expect(answer).toMatchObject({ status: 401, body: { error: { code: 'github.signature_missing' } } });
      expect(app.requests).toEqual([]);
      expect(app.resolved).toEqual([]);
    });

    it('refuses a delivery whose signature does not match, naming WEBHOOK_SECRET', async () => {
      const app = setUp();
      const payload = JSON.stringify(webhookExample('pull_request', 'opened'));
      const answer = await app.handle(
        delivery('pull_request', payload, { signature: signWebhookBody(payload, 'another secret') }),
      );
      expect(answer).toMatchObject({ status: 401, body: { error: { code: 'github.signature_invalid' } } });
      expect(JSON.stringify(answer.body)).toContain('WEBHOOK_SECRET');
      expect(app.requests).toEqual([]);
      expect(app.recorded).toEqual([]);
    });

    it('refuses a signed body that was changed on the way', async () => {
      const app = setUp();
      const original = delivery('pull_request', webhookExample('pull_request', 'opened'));
      const answer = await app.handle({
        ...original,
        rawBody: original.rawBody.replace('"number":2', '"number":3'),
      });
      expect(answer.status).toBe(401);
      expect(app.requests).toEqual([]);
    });

    it('refuses a delivery without the X-GitHub-Delivery or X-GitHub-Event header', async () => {
      const app = setUp();
      const payload = webhookExample('pull_request', 'opened');
      for (const missing of [{ id: undefined }, { name: undefined }]) {
        const answer = await app.handle(delivery('pull_request', payload, missing));
        expect(answer).toMatchObject({ status: 400, body: { error: { code: 'github.headers_missing' } } });
      }
      expect(app.requests).toEqual([]);
    });

    it('refuses a body that is not JSON', async () => {
      const app = setUp();
      const answer = await app.handle(delivery('pull_request', 'payload=%7B%22action%22%3A%22opened%22%7D'));
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'github.payload_invalid' } } });
      expect(JSON.stringify(answer.body)).toContain('The body is not JSON');
    });

    it('refuses a payload without the fields it reads, naming them', async () => {
      const app = setUp();
      const payload = webhookExample('pull_request', 'opened') as unknown as Record<string, unknown>;
      delete payload.installation;
      delete (payload.pull_request as { head: { sha?: string } }).head.sha;
      const answer = await app.handle(delivery('pull_request', payload));
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'github.payload_invalid' } } });
      const message = (answer.body as { error: { message: string } }).error.message;
      expect(message).toContain('installation');
      expect(message).toContain('pull_request.head.sha');
      expect(app.requests).toEqual([]);
    });

    it('answers a ping', async () => {
      const app = setUp();
      expect(await app.handle(delivery('ping', webhookExample('ping')))).toEqual({
        status: 200,
        body: { status: 'pong' },
      });
    });

    it('ignores events it has no use for', async () => {
      const app = setUp();
      const answer = await app.handle(delivery('star', { action: 'created' }));
      expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
      expect(app.resolved).toEqual([]);
    });
  });

  describe('pull request events', () => {
    it('enqueues one review job when a pull request opens, and records the delivery', async () => {
      const app = setUp({ projectId: '6f1c1c36-0a39-4d6b-9c5e-3b8f5d1c2a01' });
      const sent = delivery('pull_request', webhookExample('pull_request', 'opened'));
      const answer = await app.handle(sent);
      expect(answer).toEqual({ status: 202, body: { status: 'accepted' } });
      expect(app.requests).toEqual([
        expect.objectContaining({
          agent: 'review',
          event: 'opened',
          trigger: 'automatic',
          deliveryId: sent.id,
        }),
      ]);
      expect(app.recorded).toEqual([
        {
          platform: 'github',
          deliveryId: sent.id,
          event: 'pull_request.opened',
          projectId: '6f1c1c36-0a39-4d6b-9c5e-3b8f5d1c2a01',
          jobId: 'job-1',
        },
      ]);
    });

    it('resolves the project by installation and repository id, with their names', async () => {
      const app = setUp();
      await app.handle(delivery('pull_request', webhookExample('pull_request', 'opened')));
      expect(app.resolved).toEqual([
        {
          platform: 'github',
          organization: { externalId: '1', name: 'Codertocat' },
          project: { externalId: '186853002', name: 'Codertocat/Hello-World' },
        },
      ]);
    });

    it('enqueues only a review when commits are pushed', async () => {
      const app = setUp();
      const answer = await app.handle(
        delivery('pull_request', webhookExample('pull_request', 'synchronize')),
      );
      expect(answer.status).toBe(202);
      expect(app.requests).toEqual([expect.objectContaining({ agent: 'review', event: 'synchronize' })]);
    });

    it.each(['closed', 'labeled'])(
      'answers 200 and enqueues nothing when a pull request is %s',
      async (action) => {
        const app = setUp();
        const answer = await app.handle(delivery('pull_request', webhookExample('pull_request', action)));
        expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
        expect(app.requests).toEqual([]);
        expect(app.recorded).toEqual([]);
      },
    );

    it('enqueues nothing for a repository that is no longer connected, and records the delivery', async () => {
      const app = setUp({ active: false });
      const answer = await app.handle(delivery('pull_request', webhookExample('pull_request', 'opened')));
      expect(answer.status).toBe(202);
      expect(app.requests).toEqual([]);
      expect(app.recorded).toHaveLength(1);
      expect(app.unfinished).toEqual([]);
    });
  });

  describe('redeliveries and failures', () => {
    it('answers a redelivery of a handled delivery as a duplicate, enqueueing nothing again', async () => {
      const app = setUp();
      const sent = delivery('pull_request', webhookExample('pull_request', 'synchronize'));
      expect((await app.handle(sent)).status).toBe(202);
      expect(await app.handle(sent)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
      expect(app.requests).toHaveLength(1);
    });

    it('answers 503 and records nothing when the intake (Redis) is down, so GitHub’s redelivery is handled', async () => {
      const app = setUp();
      const sent = delivery('pull_request', webhookExample('pull_request', 'opened'));
      app.intake.failing = true;
      const answer = await app.handle(sent);
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'github.enqueue_failed' } } });
      expect(JSON.stringify(answer.body)).not.toContain('ECONNREFUSED');
      expect(app.recorded).toEqual([]);

      app.intake.failing = false;
      expect((await app.handle(sent)).status).toBe(202);
      expect(app.requests).toHaveLength(1);
    });

    it('leaves an accepted delivery unfinished and unrecorded when its enqueue fails, so the intake retries it', async () => {
      const app = setUp();
      const sent = delivery('pull_request', webhookExample('pull_request', 'synchronize'));
      app.queue.failing = true;
      expect((await app.handle(sent)).status).toBe(202);
      expect(app.unfinished).toEqual([sent.id]);
      expect(app.recorded).toEqual([]);
    });

    it('still accepts a delivery whose work was queued when recording it fails', async () => {
      const app = setUp();
      app.deliveries.failing = true;
      const answer = await app.handle(
        delivery('pull_request', webhookExample('pull_request', 'synchronize')),
      );
      expect(answer.status).toBe(202);
      expect(app.requests).toHaveLength(1);
    });
  });

  describe('comment commands', () => {
    it('enqueues the command a pull request comment asks for, replying to that comment', async () => {
      const app = setUp();
      const sent = delivery('issue_comment', pullRequestCommentExample('/agent review'));
      const answer = await app.handle(sent);
      expect(answer.status).toBe(202);
      expect(app.requests).toEqual([
        expect.objectContaining({
          agent: 'review',
          trigger: 'command',
          revision: 'comment-492700400',
          requestedBy: 'Codertocat',
          target: { kind: 'pull_request', repository: 'Codertocat/Hello-World', number: 1 },
          replyTo: expect.objectContaining({ platform: 'github', commentId: 492700400 }),
        }),
      ]);
      expect(app.recorded).toEqual([expect.objectContaining({ event: 'issue_comment.created' })]);
    });

    it('enqueues a command job for the commands that call no model', async () => {
      const app = setUp();
      await app.handle(delivery('issue_comment', pullRequestCommentExample('/agent pause')));
      expect(app.requests).toEqual([expect.objectContaining({ agent: 'command', command: 'pause' })]);
    });

    it('ignores comments written by bots', async () => {
      const app = setUp();
      const payload = pullRequestCommentExample('/agent review');
      payload.comment.user.type = 'Bot';
      payload.comment.user.login = 'someapp[bot]';
      const answer = await app.handle(delivery('issue_comment', payload));
      expect(answer).toEqual({
        status: 200,
        body: { status: 'ignored', reason: 'comments by bots are ignored' },
      });
      expect(app.requests).toEqual([]);
    });

    it('ignores commands in comments on issues', async () => {
      const app = setUp();
      const payload = webhookExample('issue_comment', 'created');
      payload.comment.body = '/agent review';
      const answer = await app.handle(delivery('issue_comment', payload));
      expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
      expect(app.requests).toEqual([]);
    });

    it('ignores comments that are not commands', async () => {
      const app = setUp();
      // Prose that cannot start with any prefix is dropped at once…
      const prose = await app.handle(delivery('issue_comment', pullRequestCommentExample('+1, looks good')));
      expect(prose).toMatchObject({ status: 200, body: { status: 'ignored' } });
      // …a word could be a configured prefix, so the intake checks it against the project's.
      const word = await app.handle(
        delivery('issue_comment', pullRequestCommentExample('Looks good to me!')),
      );
      expect(word.status).toBe(202);
      expect(app.requests).toEqual([]);
    });

    it('listens for the prefix the repository configured', async () => {
      const app = setUp({ commandPrefix: '@bot' });
      await app.handle(delivery('issue_comment', pullRequestCommentExample('/agent review')));
      await app.handle(delivery('issue_comment', pullRequestCommentExample('@bot describe')));
      expect(app.requests).toEqual([expect.objectContaining({ agent: 'describe' })]);
    });
  });

  describe('pushes', () => {
    /** The real push to master (adding README.md) onto a branch that existed already, changed by `change`. */
    function push(change: (payload: ReturnType<typeof defaultBranchPushExample>) => void = () => {}) {
      const payload = defaultBranchPushExample();
      payload.created = false;
      change(payload);
      return payload;
    }
    const pushToDefaultBranch = () =>
      push((payload) => {
        payload.commits[0]!.modified = ['.switchyard.yml'];
      });

    it('queues one config job when a push to the default branch changes .switchyard.yml', async () => {
      const app = setUp({ projectId: '6f1c1c36-0a39-4d6b-9c5e-3b8f5d1c2a01' });
      const sent = delivery('push', pushToDefaultBranch());
      const answer = await app.handle(sent);
      expect(answer).toEqual({ status: 202, body: { status: 'accepted' } });
      const payload = JSON.parse(sent.rawBody) as { after: string; repository: { full_name: string } };
      expect(app.requests).toEqual([
        expect.objectContaining({
          agent: 'config',
          trigger: 'automatic',
          target: { kind: 'repository', platform: 'github', repository: payload.repository.full_name },
          revision: payload.after,
          deliveryId: sent.id,
        }),
      ]);
      expect(app.recorded).toEqual([expect.objectContaining({ event: 'push', jobId: 'job-1' })]);
    });

    it('answers every other push at once, without resolving the project', async () => {
      const app = setUp();
      const pushes = [
        webhookExample('push'), // a tag, sent to an installation
        push(), // README.md only
        push((payload) => {
          payload.ref = 'refs/heads/feature';
          payload.commits[0]!.modified = ['.switchyard.yml'];
        }),
        push((payload) => {
          payload.deleted = true;
          payload.commits = [];
        }),
      ];
      for (const payload of pushes) {
        expect(await app.handle(delivery('push', payload))).toMatchObject({
          status: 200,
          body: { status: 'ignored' },
        });
      }
      expect(app.resolved).toEqual([]);
      expect(app.requests).toEqual([]);
      expect(app.recorded).toEqual([]);
    });

    it('refuses a push payload without the fields it reads, naming them', async () => {
      const app = setUp();
      const payload = push() as unknown as Record<string, unknown>;
      delete (payload.repository as { default_branch?: string }).default_branch;
      const answer = await app.handle(delivery('push', payload));
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'github.payload_invalid' } } });
      expect(JSON.stringify(answer.body)).toContain('repository.default_branch');
    });
  });

  describe('installation events', () => {
    it('queues a config job for each repository an installation connects, keyed by the delivery', async () => {
      const app = setUp();
      const created = delivery('installation', webhookExample('installation', 'created'));
      await app.handle(created);
      const added = delivery(
        'installation_repositories',
        webhookExample('installation_repositories', 'added'),
      );
      await app.handle(added);
      expect(app.requests).toEqual([
        expect.objectContaining({
          agent: 'config',
          target: { kind: 'repository', platform: 'github', repository: 'Codertocat/Hello-World' },
          revision: `connect-${created.id}`,
        }),
        expect.objectContaining({
          agent: 'config',
          target: { kind: 'repository', platform: 'github', repository: 'Codertocat/Space' },
          revision: `connect-${added.id}`,
        }),
      ]);
    });

    it('still connects the repositories when their config jobs cannot be queued', async () => {
      const app = setUp();
      app.queue.failing = true;
      const sent = delivery('installation', webhookExample('installation', 'created'));
      expect(await app.handle(sent)).toEqual({ status: 200, body: { status: 'accepted' } });
      expect(app.connected).toHaveLength(1);
      expect(app.recorded).toEqual([expect.objectContaining({ deliveryId: sent.id })]);
    });

    it('connects a new installation with the repositories it was given', async () => {
      const app = setUp();
      const sent = delivery('installation', webhookExample('installation', 'created'));
      expect(await app.handle(sent)).toEqual({ status: 200, body: { status: 'accepted' } });
      expect(app.connected).toEqual([
        {
          platform: 'github',
          organization: { externalId: '957387', name: 'Codertocat' },
          projects: [{ externalId: '186853002', name: 'Codertocat/Hello-World' }],
        },
      ]);
      expect(app.recorded).toEqual([
        { platform: 'github', deliveryId: sent.id, event: 'installation.created' },
      ]);
    });

    it('disconnects the whole organization when the app is uninstalled or suspended', async () => {
      const app = setUp();
      await app.handle(delivery('installation', webhookExample('installation', 'deleted')));
      await app.handle(delivery('installation', webhookExample('installation', 'suspend')));
      expect(app.disconnected).toEqual([
        { platform: 'github', organizationExternalId: '2' },
        { platform: 'github', organizationExternalId: '16598467' },
      ]);
      expect(app.connected).toEqual([]);
    });

    it('connects the organization again when the app is unsuspended', async () => {
      const app = setUp();
      await app.handle(delivery('installation', webhookExample('installation', 'unsuspend')));
      expect(app.connected).toEqual([
        { platform: 'github', organization: { externalId: '16598467', name: 'Codertocat' }, projects: [] },
      ]);
    });

    it('connects repositories added to an installation', async () => {
      const app = setUp();
      await app.handle(
        delivery('installation_repositories', webhookExample('installation_repositories', 'added')),
      );
      expect(app.connected).toEqual([
        {
          platform: 'github',
          organization: { externalId: '957387', name: 'Codertocat' },
          projects: [{ externalId: '186853007', name: 'Codertocat/Space' }],
        },
      ]);
    });

    it('disconnects only the repositories removed from an installation', async () => {
      const app = setUp();
      await app.handle(
        delivery('installation_repositories', webhookExample('installation_repositories', 'removed')),
      );
      expect(app.disconnected).toEqual([
        { platform: 'github', organizationExternalId: '2', projectExternalIds: ['1296269'] },
      ]);
    });

    it('changes nothing on installation actions it does not handle', async () => {
      const app = setUp();
      const payload = { ...webhookExample('installation', 'created'), action: 'new_action' };
      expect(await app.handle(delivery('installation', payload))).toMatchObject({
        status: 200,
        body: { status: 'ignored' },
      });
      expect(app.connected).toEqual([]);
      expect(app.recorded).toEqual([]);
    });

    it('does not connect an installation twice when GitHub redelivers the event', async () => {
      const app = setUp();
      const sent = delivery('installation', webhookExample('installation', 'created'));
      await app.handle(sent);
      expect(await app.handle(sent)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
      expect(app.connected).toHaveLength(1);
    });
  });
});

import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGitLabIntakeHandler } from '../../../apps/gitlab/create-gitlab-intake-handler.js';
import type { IntakeConsumer } from '../../../core/jobs/create-webhook-intake.js';
import { type ManagementServer, startManagementServer } from '../../support/start-switchyard.js';
import {
  mergeRequestHookExample,
  mergeRequestNoteExample,
  pushHookExample,
  signedWebhookHeaders,
} from './__fixtures__/gitlab-webhook-examples.js';

const secretToken = `gitlab-secret-${randomBytes(8).toString('hex')}`;
const signingToken = `whsec_${randomBytes(32).toString('base64')}`;
const path = '/api/gitlab/webhooks';

/** Polls until `read` returns something, or fails naming `what`. */
async function waitFor<Value>(what: string, read: () => Promise<Value | null | undefined>): Promise<Value> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A merge request of a group and project nobody used before, so first contact creates both. */
function freshMergeRequest(action = 'open', attributes: Record<string, unknown> = {}) {
  const group = `Group-${randomBytes(4).toString('hex')}`;
  const payload = mergeRequestHookExample(action, attributes);
  payload.project.id = randomInt(1_000_000, 2_000_000_000);
  payload.project.path_with_namespace = `${group}/backend/api`;
  return { group, payload };
}

describe('the GitLab webhook endpoint over HTTP', () => {
  let app: ManagementServer;
  let consumer: IntakeConsumer;

  const post = (event: string, body: string, headers: Record<string, string> = {}) =>
    app.send(
      'POST',
      path,
      {
        'content-type': 'application/json',
        'x-gitlab-event': event,
        'x-gitlab-token': secretToken,
        'idempotency-key': randomUUID(),
        ...headers,
      },
      body,
    );

  beforeAll(async () => {
    app = await startManagementServer({ GITLAB_WEBHOOK_SECRET: secretToken });
    const { context } = app;
    consumer = context.intake.consume(
      createGitLabIntakeHandler({
        directory: context.projects,
        queue: context.jobs,
        deliveries: context.deliveries,
        logger: context.logger,
      }),
    );
  });
  afterAll(async () => {
    await consumer?.close();
    await app?.close();
  });

  it('logs that the endpoint is enabled', () => {
    expect(app.logs()).toContain('GitLab webhooks enabled');
  });

  it('creates the organization and project on first contact and enqueues one review of an opened merge request', async () => {
    const { group, payload } = freshMergeRequest('open');
    const key = randomUUID();
    const answer = await post('Merge Request Hook', JSON.stringify(payload), { 'idempotency-key': key });
    expect(answer.statusCode).toBe(202);
    expect(answer.json()).toEqual({ status: 'accepted' });

    const { prisma, jobs } = app.context;
    const record = await waitFor('the delivery record', () =>
      prisma.webhookDelivery.findUnique({ where: { id: `gitlab:${key}` } }),
    );
    expect(record).toMatchObject({ platform: 'gitlab', event: 'merge_request.open' });
    expect(record.jobId).toEqual(expect.any(String));
    const project = await prisma.project.findUniqueOrThrow({
      where: { id: record.projectId ?? '' },
      include: { organization: true },
    });
    expect(project).toMatchObject({
      platform: 'gitlab',
      externalId: String(payload.project.id),
      name: `${group}/backend/api`,
      organization: { platform: 'gitlab', externalId: group.toLowerCase(), name: group },
    });
    const job = await jobs.queue.getJob(record.jobId ?? '');
    expect(job?.data).toMatchObject({
      platform: 'gitlab',
      agent: 'review',
      event: 'opened',
      trigger: 'automatic',
      target: { repository: `${group}/backend/api`, number: 1 },
    });
  });

  it('answers a redelivery with the same Idempotency-Key as a duplicate', async () => {
    const body = JSON.stringify(freshMergeRequest('update', { oldrev: 'a'.repeat(40) }).payload);
    const key = randomUUID();
    expect((await post('Merge Request Hook', body, { 'idempotency-key': key })).statusCode).toBe(202);
    const again = await post('Merge Request Hook', body, { 'idempotency-key': key });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate' });
  });

  it('enqueues a command job for a note, replying to it', async () => {
    const { payload: mergeRequest } = freshMergeRequest();
    const payload = mergeRequestNoteExample('/agent ask is this safe?');
    payload.project = mergeRequest.project;
    const key = randomUUID();
    expect((await post('Note Hook', JSON.stringify(payload), { 'idempotency-key': key })).statusCode).toBe(
      202,
    );
    const record = await waitFor('the delivery record', () =>
      app.context.prisma.webhookDelivery.findUnique({ where: { id: `gitlab:${key}` } }),
    );
    const job = await app.context.jobs.queue.getJob(record.jobId ?? '');
    expect(job?.data).toMatchObject({
      agent: 'ask',
      question: 'is this safe?',
      trigger: 'command',
      replyTo: { platform: 'gitlab', noteId: 1244 },
    });
  });

  it('refuses a missing or wrong X-Gitlab-Token with 401 and records nothing', async () => {
    const body = JSON.stringify(freshMergeRequest().payload);
    for (const token of ['', 'not-the-secret']) {
      const key = randomUUID();
      const answer = await post('Merge Request Hook', body, {
        'x-gitlab-token': token,
        'idempotency-key': key,
      });
      expect(answer.statusCode).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        await app.context.prisma.webhookDelivery.findUnique({ where: { id: `gitlab:${key}` } }),
      ).toBeNull();
    }
  });

  it('answers 200 to a push hook and to a title edit', async () => {
    const push = await post('Push Hook', JSON.stringify(pushHookExample()));
    expect(push.statusCode).toBe(200);
    expect(push.json()).toMatchObject({ status: 'ignored' });
    const titleEdit = await post('Merge Request Hook', JSON.stringify(freshMergeRequest('update').payload));
    expect(titleEdit.statusCode).toBe(200);
    expect(titleEdit.json()).toMatchObject({ status: 'ignored' });
  });
});

describe('the GitLab webhook endpoint with a signing token', () => {
  let app: ManagementServer;

  beforeAll(async () => {
    app = await startManagementServer({
      GITLAB_WEBHOOK_SECRET: secretToken,
      GITLAB_SIGNING_TOKEN: signingToken,
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const send = (body: string, signature: { id: string; timestamp: string; signature: string }) =>
    app.send(
      'POST',
      path,
      {
        'content-type': 'application/json',
        'x-gitlab-event': 'Merge Request Hook',
        'x-gitlab-token': secretToken,
        'idempotency-key': signature.id,
        'webhook-id': signature.id,
        'webhook-timestamp': signature.timestamp,
        'webhook-signature': signature.signature,
      },
      body,
    );

  it('accepts a correctly signed delivery and refuses a wrong, stale or future one', async () => {
    const body = JSON.stringify(freshMergeRequest().payload);
    const now = Math.floor(Date.now() / 1000);
    expect(
      (await send(body, signedWebhookHeaders(signingToken, body, { id: randomUUID() }))).statusCode,
    ).toBe(202);
    const otherToken = `whsec_${randomBytes(32).toString('base64')}`;
    const refused = [
      signedWebhookHeaders(otherToken, body, { id: randomUUID() }),
      signedWebhookHeaders(signingToken, body, { id: randomUUID(), timestamp: now - 600 }),
      signedWebhookHeaders(signingToken, body, { id: randomUUID(), timestamp: now + 600 }),
    ];
    for (const signature of refused) {
      const answer = await send(body, signature);
      expect(answer.statusCode).toBe(401);
    }
  });
});

describe('without GITLAB_WEBHOOK_SECRET', () => {
  it('mounts no GitLab endpoint and says why in the log', async () => {
    const app = await startManagementServer({ GITLAB_WEBHOOK_SECRET: '' });
    try {
      const answer = await app.send('POST', path, { 'content-type': 'application/json' }, '{}');
      expect(answer.statusCode).toBe(404);
      expect(app.logs()).toContain('GITLAB_WEBHOOK_SECRET is not set');
    } finally {
      await app.close();
    }
  });
});

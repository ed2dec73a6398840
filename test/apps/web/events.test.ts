import { randomUUID } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { registerEventRoutes } from '../../../apps/web/register-event-routes.js';
import type { JobRequest } from '../../../core/jobs/job-request.js';
import { createSignedInUser, type SignedInUser } from '../../support/sign-in-user.js';
import {
  adminToken,
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

interface ReceivedEvent {
  event?: string;
  data?: string;
  comment?: string;
}

/** An open event stream read over real HTTP: every event and comment as it arrives. */
interface EventStream {
  response: IncomingMessage;
  received: ReceivedEvent[];
  ended: Promise<void>;
  next(match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): void;
}

function openEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers }, (response) => {
      const received: ReceivedEvent[] = [];
      const waiters: (() => void)[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      const ended = new Promise<void>((done) => response.on('close', () => done()));
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: ReceivedEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          received.push(event);
          end = buffer.indexOf('\n\n');
        }
        for (const wake of waiters.splice(0)) wake();
      });
      const stream: EventStream = {
        response,
        received,
        ended,
        async next(match, timeoutMs = 5_000) {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            const found = received.find(match);
            if (found) return found;
            if (Date.now() > deadline) throw new Error(`no matching event in ${JSON.stringify(received)}`);
            await new Promise<void>((wake) => {
              waiters.push(wake);
              setTimeout(wake, 50);
            });
          }
        },
        close: () => request.destroy(),
      };
      resolve(stream);
    });
    request.on('error', reject);
  });
}

describe('live updates over Server-Sent Events', () => {
  let management: ManagementServer;
  let orgA: { organizationId: string; projectId: string };
  let orgB: { organizationId: string; projectId: string };
  let viewer: SignedInUser;
  let counter = 0;

  beforeAll(async () => {
    management = await startManagementServer();
    orgA = await createOrganizationAndProject(management);
    orgB = await createOrganizationAndProject(management);
    viewer = await createSignedInUser(management, orgA.organizationId, 'viewer');
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await management.close();
  });

  const request = (ids: { organizationId: string; projectId: string }): JobRequest => {
    counter += 1;
    return {
      ...ids,
      platform: 'github',
      target: { kind: 'pull_request', repository: 'acme/api', number: counter },
      agent: 'review',
      revision: String(counter).padStart(40, 'b'),
      trigger: 'command',
    };
  };

  const open = (organizationId: string, headers: Record<string, string>) =>
    openEventStream(`${management.origin}/api/v1/events?orgId=${organizationId}`, headers);

  it("streams a job's status changes and spend of the viewer's organization, and nothing of another", async () => {
    const stream = await open(orgA.organizationId, { cookie: viewer.cookie });
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await stream.next((event) => event.comment === 'connected');

    const other = await management.context.jobs.enqueue(request(orgB));
    const mine = await management.context.jobs.enqueue(request(orgA));
    const queued = await stream.next((event) => event.event === 'job');
    expect(JSON.parse(queued.data!)).toEqual({
      id: mine.jobId,
      projectId: orgA.projectId,
      status: 'queued',
      costUsd: 0,
      resultUrl: null,
      errorCode: null,
      queuedAt: expect.stringMatching(/Z$/),
      finishedAt: null,
    });
    expect(await management.context.jobs.cancel(mine.jobId, orgA.projectId)).toBe(true);
    const cancelled = await stream.next(
      (event) => event.event === 'job' && JSON.parse(event.data!).status === 'cancelled',
    );
    expect(JSON.parse(cancelled.data!)).toMatchObject({ id: mine.jobId, finishedAt: expect.any(String) });

    const usage = (ids: { organizationId: string; projectId: string }, costUsd: number) =>
      management.context.routing.usageRecorder.record({
        ...ids,
        settlementKey: randomUUID(),
        requestId: randomUUID(),
        source: 'gateway',
        provider: 'openai',
        model: 'gpt-4.1-mini',
        inputTokens: 10,
        outputTokens: 1,
        costUsd,
        latencyMs: 5,
        outcome: 'success',
        attempts: [],
        createdAt: new Date(),
      });
    usage(orgB, 5);
    usage(orgA, 0.25);
    usage(orgA, 0.5);
    await management.context.routing.usageRecorder.flush();
    const spend = await stream.next((event) => event.event === 'usage');
    expect(JSON.parse(spend.data!)).toEqual({
      projectId: orgA.projectId,
      costUsd: 0.75,
      at: expect.any(String),
    });

    // Give org B's events time to arrive if they were (wrongly) sent.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const data = stream.received.filter((event) => event.data).map((event) => JSON.parse(event.data!));
    expect(data.every((event) => event.projectId === orgA.projectId)).toBe(true);
    expect(JSON.stringify(data)).not.toContain(other.jobId);
    stream.close();
  });

  it('takes the admin token, and answers 401 without credentials and 404 for another organization', async () => {
    const admin = await open(orgB.organizationId, { authorization: `Bearer ${adminToken}` });
    expect(admin.response.statusCode).toBe(200);
    admin.close();
    const anonymous = await management.call(
      'GET',
      `/api/v1/events?orgId=${orgA.organizationId}`,
      undefined,
      null,
    );
    expect(anonymous.statusCode).toBe(401);
    const other = await viewer.call('GET', `/api/v1/events?orgId=${orgB.organizationId}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('organization.not_found');
    expect((await viewer.call('GET', '/api/v1/events')).statusCode).toBe(400);
  });

  it('sends heartbeats, and ends open streams when the server closes instead of hanging', async () => {
    const server = Fastify();
    server.decorateRequest('principal', undefined);
    server.addHook('onRequest', async (incoming) => {
      incoming.principal = { type: 'admin-token' };
    });
    await registerEventRoutes(server, management.context, { heartbeatMs: 50 });
    const origin = await server.listen({ host: '127.0.0.1', port: 0 });
    const first = await openEventStream(`${origin}/events?orgId=${orgA.organizationId}`, {});
    const second = await openEventStream(`${origin}/events?orgId=${orgA.organizationId}`, {});
    await first.next((event) => event.comment === 'ping');
    // A client that goes away is let go without disturbing the others.
    second.close();
    await second.ended;
    const startedAt = Date.now();
    await server.close();
    await first.ended;
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('ends an open stream when Switchyard shuts down, and close() does not wait for it', async () => {
    const stream = await open(orgA.organizationId, { cookie: viewer.cookie });
    await stream.next((event) => event.comment === 'connected');
    const startedAt = Date.now();
    closed = true;
    await management.close();
    await stream.ended;
    expect(Date.now() - startedAt).toBeLessThan(3_000);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ajvModule from 'ajv/dist/2020.js';
import ajvFormatsModule from 'ajv-formats';
import { appRoutes } from '../../../apps/server/app-routes.js';
import { describeManagementApi } from '../../../apps/web/describe-management-api.js';
import type { OpenAPIObject, ReferenceObject, ResponseObject } from '../../../apps/web/openapi-types.js';
import { registerOpenApiRoute } from '../../../apps/web/register-openapi-route.js';
import { buildJobId } from '../../../core/jobs/build-job-id.js';
import type { JobRequest } from '../../../core/jobs/job-request.js';
import { recordJobRun } from '../../../core/jobs/record-job-run.js';
import {
  type ApiResponse,
  adminToken,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

// Real answers checked against the document: a handler that changes its answer without its response
// schema (or the reverse) fails here. Every described operation must be exercised at its success status.

describe('answers of /api/v1 match their OpenAPI description', () => {
  let management: ManagementServer;
  const document: OpenAPIObject = describeManagementApi();
  const base = 'https://switchyard.invalid/openapi.json';
  const ajv = new ajvModule.default({ allErrors: true, strict: true, strictTypes: false });
  ajvFormatsModule.default(ajv);
  ajv.addKeyword('components');
  ajv.addSchema({ $id: base, components: document.components });
  const exercised = new Set<string>();
  const originalRoutes = [...appRoutes];

  beforeAll(async () => {
    // Until apps/server/app-routes.ts mounts it, mount the route here the way npm start will.
    if (!appRoutes.includes(registerOpenApiRoute)) appRoutes.push(registerOpenApiRoute);
    management = await startManagementServer();
  });
  afterAll(async () => {
    appRoutes.splice(0, appRoutes.length, ...originalRoutes);
    await management.close();
  });

  /** Calls `template` (a path of the document) and checks the status is listed and the body fits its schema. */
  async function callDescribed(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    template: string,
    parameters: Record<string, string> = {},
    body?: unknown,
    options: { query?: string; token?: null } = {},
  ): Promise<ApiResponse> {
    const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => parameters[name]!);
    const response = await management.call(
      method,
      `/api/v1${path}${options.query ?? ''}`,
      body,
      options.token,
    );
    const operation = document.paths[template]?.[method.toLowerCase() as 'get'];
    if (!operation) throw new Error(`${method} ${template} is not in the description`);
    const listed = operation.responses[String(response.statusCode)];
    if (!listed) {
      throw new Error(`${method} ${template} answered ${response.statusCode}, not listed: ${response.body}`);
    }
    const described = (
      '$ref' in listed
        ? document.components.responses[(listed as ReferenceObject).$ref.split('/').pop()!]
        : listed
    ) as ResponseObject;
    const schema = described.content?.['application/json']?.schema;
    if (schema && '$ref' in schema) {
      const validate = ajv.getSchema(`${base}${schema.$ref}`)!;
      const valid = validate(response.json());
      expect({ operation: `${method} ${template}`, errors: validate.errors ?? [] }).toEqual({
        operation: `${method} ${template}`,
        errors: [],
      });
      expect(valid).toBe(true);
    } else if (response.statusCode === 204) {
      expect(response.body).toBe('');
    }
    exercised.add(`${method.toLowerCase()} ${template} ${response.statusCode}`);
    return response;
  }

  it('answers each described operation, successes and errors, with the documented shape', async () => {
    await callDescribed('GET', '/openapi.json', {}, undefined, { token: null });
    const { id: orgId } = (await callDescribed('POST', '/orgs', {}, { name: `org-${randomUUID()}` })).json();
    const organization = { id: orgId };
    const { id: projectId } = (
      await callDescribed('POST', '/projects', {}, { orgId, name: 'openapi-walk' })
    ).json();
    const project = { id: projectId };
    await callDescribed('POST', '/projects', {}, { orgId, name: 'openapi-walk' });
    await callDescribed('GET', '/orgs');
    await callDescribed('GET', '/orgs/{id}/projects', organization);
    await callDescribed('PUT', '/projects/{id}/cache', project, { ttlSeconds: 60 });

    const { id: keyId } = (
      await callDescribed('POST', '/projects/{id}/keys', project, { name: 'ci' })
    ).json();
    await callDescribed('GET', '/projects/{id}/keys', project);
    await callDescribed('DELETE', '/projects/{id}/keys/{keyId}', { ...project, keyId });
    await callDescribed('DELETE', '/projects/{id}/keys/{keyId}', { ...project, keyId });

    await callDescribed('PUT', '/projects/{id}/budget', project, { dailyUsd: 5 });
    await callDescribed('PUT', '/orgs/{id}/budget', organization, { monthlyUsd: 100 });
    await callDescribed('PUT', '/projects/{id}/alert-channels', project, {
      channels: [{ teamId: 'T0WALK', channelId: 'C0WALK' }],
    });
    await callDescribed('PUT', '/projects/{id}/alert-channels', project, {
      channels: [{ teamId: 'walk', channelId: 'C0WALK' }],
    });
    const alertChannels = await callDescribed('GET', '/projects/{id}/alert-channels', project);
    expect(alertChannels.json().channels).toHaveLength(1);
    const provider = { kind: 'openai', apiKey: 'sk-openapi-walk-0123456789' };
    await callDescribed('PUT', '/orgs/{id}/providers/{name}', { ...organization, name: 'openai' }, provider);
    await callDescribed(
      'PUT',
      '/projects/{id}/providers/{name}',
      { ...project, name: 'groq' },
      {
        kind: 'openai-compatible',
        baseUrl: 'https://api.groq.com/openai/v1',
      },
    );
    await callDescribed('PUT', '/projects/{id}/providers/{name}', { ...project, name: 'Bad Name' }, provider);
    await callDescribed('PUT', '/projects/{id}/routing', project, {
      policy: 'weighted',
      models: ['openai:gpt-4.1-mini', 'groq:llama-3.3-70b'],
      weights: { 'openai:gpt-4.1-mini': 2 },
    });
    await callDescribed('PUT', '/projects/{id}/prices', project, {
      'groq:llama-3.3-70b': { inputPerMTok: 0.59, outputPerMTok: 0.79, contextWindow: 131072 },
    });
    await callDescribed('GET', '/orgs/{id}', organization);
    await callDescribed('GET', '/projects/{id}', project);

    await management.context.prisma.usageEvent.create({
      data: {
        projectId,
        organizationId: orgId,
        settlementKey: randomUUID(),
        requestId: randomUUID(),
        source: 'gateway',
        provider: 'openai',
        model: 'gpt-4.1-mini',
        inputTokens: 100,
        outputTokens: 10,
        costUsd: 0.000056,
        latencyMs: 5,
        outcome: 'success',
        attempts: [],
      },
    });
    const usage = await callDescribed('GET', '/projects/{id}/usage', project, undefined, {
      query: '?groupBy=model',
    });
    expect(usage.json().rows).toHaveLength(1);
    await callDescribed('GET', '/projects/{id}/usage', project, undefined, { query: '?groupBy=week' });
    const orgUsage = await callDescribed('GET', '/orgs/{id}/usage', organization, undefined, {
      query: '?groupBy=project',
    });
    expect(orgUsage.json().rows).toEqual([expect.objectContaining({ key: projectId, requests: 1 })]);
    const csv = await callDescribed('GET', '/projects/{id}/usage.csv', project);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const orgCsv = await callDescribed('GET', '/orgs/{id}/usage.csv', organization);
    expect(orgCsv.body.split('\r\n')[1]).toContain(`,openapi-walk,${projectId},openai,gpt-4.1-mini,`);
    await callDescribed('GET', '/orgs/{id}/usage.csv', organization, undefined, { query: '?groupBy=day' });

    // Nothing listens on port 9: the tests answer ok false at once, without leaving the machine.
    const local = { kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' };
    await callDescribed('PUT', '/projects/{id}/providers/{name}', { ...project, name: 'local' }, local);
    await callDescribed('PUT', '/orgs/{id}/providers/{name}', { ...organization, name: 'local' }, local);
    const tested = await callDescribed(
      'POST',
      '/projects/{id}/providers/{name}/test',
      { ...project, name: 'local' },
      { model: 'any' },
    );
    expect(tested.json()).toMatchObject({ ok: false, model: 'local:any', error: { code: 'llm.connection' } });
    await callDescribed(
      'POST',
      '/orgs/{id}/providers/{name}/test',
      { ...organization, name: 'local' },
      { model: 'any' },
    );
    await callDescribed('POST', '/orgs/{id}/providers/{name}/test', { ...organization, name: 'absent' });

    const jobRequest: JobRequest = {
      projectId,
      organizationId: orgId,
      platform: 'github',
      target: { kind: 'pull_request', repository: 'acme/api', number: 3 },
      agent: 'review',
      revision: 'd'.repeat(40),
      trigger: 'automatic',
      event: 'opened',
    };
    const { jobId } = buildJobId(jobRequest);
    await recordJobRun(management.context.prisma, {
      jobId,
      projectId,
      status: 'queued',
      request: jobRequest,
    });
    const jobs = await callDescribed('GET', '/orgs/{id}/jobs', organization, undefined, {
      query: '?limit=1',
    });
    expect(jobs.json().jobs).toHaveLength(1);
    await callDescribed('GET', '/orgs/{id}/jobs', organization, undefined, { query: '?limit=0' });
    await callDescribed('POST', '/jobs/{id}/rerun', { id: jobId });
    const ask = { ...jobRequest, agent: 'ask' as const, trigger: 'command' as const, question: 'why?' };
    const askId = buildJobId(ask).jobId;
    await recordJobRun(management.context.prisma, {
      jobId: askId,
      projectId,
      status: 'queued',
      request: ask,
    });
    await callDescribed('POST', '/jobs/{id}/rerun', { id: askId });
    await callDescribed('POST', '/jobs/{id}/rerun', { id: 'no-such-job' });
    const audit = await callDescribed('GET', '/orgs/{id}/audit', organization, undefined, {
      query: '?limit=2',
    });
    expect(audit.json().nextBefore).toEqual(expect.any(String));

    // The event stream stays open: read its head, then let it go.
    const stream = new AbortController();
    const events = await fetch(`${management.origin}/api/v1/events?orgId=${orgId}`, {
      headers: { authorization: `Bearer ${adminToken}` },
      signal: stream.signal,
    });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(document.paths['/events']?.get?.responses['200']).toBeDefined();
    stream.abort();
    exercised.add('get /events 200');

    const invite = await management.call('POST', `/api/v1/orgs/${orgId}/invites`, {
      email: 'walk@example.test',
      role: 'viewer',
    });
    const invites = await callDescribed('GET', '/orgs/{id}/invites', organization);
    expect(invites.json().invites).toHaveLength(1);
    const inviteId = invite.json().id as string;
    await callDescribed('DELETE', '/orgs/{id}/invites/{inviteId}', { ...organization, inviteId });
    await callDescribed('DELETE', '/orgs/{id}/invites/{inviteId}', {
      ...organization,
      inviteId: randomUUID(),
    });
    const accepted = await management.call('POST', `/api/v1/orgs/${orgId}/invites`, {
      email: 'walker@example.test',
      role: 'viewer',
    });
    await management.call('POST', '/api/v1/auth/accept-invite', {
      token: accepted.json().token,
      name: 'Walker',
      password: 'walker-password-1',
    });
    await callDescribed('DELETE', '/orgs/{id}/invites/{inviteId}', {
      ...organization,
      inviteId: accepted.json().id,
    });
    const users = await callDescribed('GET', '/users');
    const walker = users.json().users.find((user: { email: string }) => user.email === 'walker@example.test');
    await callDescribed('POST', '/users/{id}/disable', { id: walker.id });
    await callDescribed('POST', '/users/{id}/enable', { id: walker.id });
    await callDescribed('POST', '/users/{id}/disable', { id: randomUUID() });

    await callDescribed('DELETE', '/orgs/{id}/providers/{name}', { ...organization, name: 'openai' });
    await callDescribed('DELETE', '/projects/{id}/providers/{name}', { ...project, name: 'groq' });
    await callDescribed('DELETE', '/projects/{id}/providers/{name}', { ...project, name: 'groq' });
    await callDescribed('GET', '/projects/{id}', { id: randomUUID() });
    await callDescribed('GET', '/orgs', {}, undefined, { token: null });

    const unexercised = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .map(([method, operation]) => {
          const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
          return `${method} ${path} ${success}`;
        })
        .filter((operation) => !exercised.has(operation)),
    );
    expect(unexercised).toEqual([]);
    for (const status of ['400', '401', '404', '409']) {
      expect([...exercised].some((operation) => operation.endsWith(` ${status}`))).toBe(true);
    }
  });
});

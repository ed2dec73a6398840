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
import { type FakeOidcServer, startFakeOidcServer } from '../../fakes/oidc-server.js';
import { oidcEnvironment } from '../../support/oidc-environment.js';
import { readSessionCookie } from '../../support/sign-in-user.js';
import {
  type ApiResponse,
  adminToken,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';
import { usageEventRow } from '../../support/usage-event-row.js';

// Real answers checked against the document: a handler that changes its answer without its response
// schema (or the reverse) fails here. Every described operation must be exercised at its success status.

describe('answers of /api/v1 match their OpenAPI description', () => {
  let management: ManagementServer;
  let idp: FakeOidcServer;
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
    // Single sign-on through a stand-in identity provider, so its routes answer as documented.
    idp = await startFakeOidcServer();
    management = await startManagementServer(await oidcEnvironment(idp));
  });
  afterAll(async () => {
    appRoutes.splice(0, appRoutes.length, ...originalRoutes);
    await management.close();
    await idp.close();
  });

  /**
   * Calls `template` (a path of the document) and checks the status is listed, the body fits its schema and
   * the headers it requires are there. With `headers` (a session cookie, a CSRF token) no bearer token is sent.
   */
  async function callDescribed(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    template: string,
    parameters: Record<string, string> = {},
    body?: unknown,
    options: { query?: string; token?: null; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => parameters[name]!);
    const url = `/api/v1${path}${options.query ?? ''}`;
    const response = options.headers
      ? await management.send(
          method,
          url,
          { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
          body === undefined ? undefined : JSON.stringify(body),
        )
      : await management.call(method, url, body, options.token);
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
    for (const [name, header] of Object.entries(described.headers ?? {})) {
      if (header.required) {
        expect({ operation: `${method} ${template}`, [name]: response.headers[name.toLowerCase()] }).toEqual({
          operation: `${method} ${template}`,
          [name]: expect.any(String),
        });
      }
    }
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
      data: usageEventRow({ organizationId: orgId, projectId }, { costUsd: 0.000056 }),
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

    const invite = await callDescribed('POST', '/orgs/{id}/invites', organization, {
      email: 'walk@example.test',
      role: 'viewer',
    });
    await callDescribed('POST', '/orgs/{id}/invites', organization, { email: 'walk', role: 'viewer' });
    const invites = await callDescribed('GET', '/orgs/{id}/invites', organization);
    expect(invites.json().invites).toHaveLength(1);
    const inviteId = invite.json().id as string;
    await callDescribed('DELETE', '/orgs/{id}/invites/{inviteId}', { ...organization, inviteId });
    await callDescribed('DELETE', '/orgs/{id}/invites/{inviteId}', {
      ...organization,
      inviteId: randomUUID(),
    });
    const revokedLink = { token: invite.json().token, name: 'Walk', password: 'walk-password-12' };
    const revoked = await callDescribed('POST', '/auth/accept-invite', {}, revokedLink, { token: null });
    expect(revoked.json().error.code).toBe('invite.revoked');
    const accepted = await callDescribed('POST', '/orgs/{id}/invites', organization, {
      email: 'walker@example.test',
      role: 'viewer',
    });
    const walkerJoined = await callDescribed(
      'POST',
      '/auth/accept-invite',
      {},
      { token: accepted.json().token, name: 'Walker', password: 'walker-password-1' },
      { token: null },
    );
    expect(walkerJoined.statusCode).toBe(201);
    await callDescribed('DELETE', '/orgs/{id}/invites/{inviteId}', {
      ...organization,
      inviteId: accepted.json().id,
    });
    const users = await callDescribed('GET', '/users');
    const walker = users.json().users.find((user: { email: string }) => user.email === 'walker@example.test');
    await callDescribed('POST', '/users/{id}/disable', { id: walker.id });
    await callDescribed('POST', '/users/{id}/enable', { id: walker.id });
    await callDescribed('POST', '/users/{id}/disable', { id: randomUUID() });

    // A user created by the admin token signs in, and as the organization's only owner manages its members.
    const owner = { email: 'walk-owner@example.test', password: 'walk-owner-password-1' };
    const newUser = { ...owner, name: 'Walk Owner', organizationId: orgId, role: 'owner' };
    const created = await callDescribed('POST', '/users', {}, newUser);
    expect(created.statusCode).toBe(201);
    const taken = await callDescribed('POST', '/users', {}, { ...newUser, email: 'Walk-Owner@example.test' });
    expect(taken.json().error.code).toBe('user.email_taken');
    const signIn = (body: unknown) => callDescribed('POST', '/auth/login', {}, body, { token: null });
    expect((await signIn({ ...owner, password: 'not-the-password' })).statusCode).toBe(401);
    expect((await signIn({ email: owner.email })).statusCode).toBe(400);
    const signedIn = await signIn(owner);
    expect(signedIn.statusCode).toBe(200);
    const cookie = readSessionCookie(signedIn);
    const session = { cookie, 'x-csrf-token': signedIn.json().csrfToken as string };
    const me = await callDescribed('GET', '/auth/me', {}, undefined, { headers: { cookie } });
    expect(me.json()).toMatchObject({ type: 'user', user: { email: owner.email } });
    const adminMe = await callDescribed('GET', '/auth/me');
    expect(adminMe.json()).toEqual({ type: 'admin-token', user: null, memberships: [], csrfToken: null });

    const members = await callDescribed('GET', '/orgs/{id}/members', organization, undefined, {
      headers: { cookie },
    });
    expect(members.json().members.map((member: { email: string }) => member.email)).toEqual([
      'walker@example.test',
      owner.email,
    ]);
    const member = '/orgs/{id}/members/{userId}';
    const walkerMember = { ...organization, userId: walker.id as string };
    const ownerMember = { ...organization, userId: created.json().id as string };
    const setRole = (target: Record<string, string>, role: string, headers: Record<string, string>) =>
      callDescribed('PUT', member, target, { role }, { headers });
    expect((await setRole(walkerMember, 'member', { cookie })).statusCode).toBe(403);
    expect((await setRole(walkerMember, 'member', session)).json()).toEqual({
      userId: walker.id,
      organizationId: orgId,
      role: 'member',
    });
    expect((await setRole(walkerMember, 'boss', session)).statusCode).toBe(400);
    const lastOwner = await setRole(ownerMember, 'admin', session);
    expect(lastOwner.json().error.code).toBe('member.last_owner');
    const removeWalker = () => callDescribed('DELETE', member, walkerMember, undefined, { headers: session });
    expect((await removeWalker()).statusCode).toBe(204);
    expect((await removeWalker()).statusCode).toBe(404);
    await callDescribed('POST', '/auth/logout', {}, undefined, { headers: session });
    const ended = await callDescribed('GET', '/auth/me', {}, undefined, { headers: { cookie } });
    expect(ended.statusCode).toBe(401);

    // Five failed sign-ins for one email from one address: the sixth is refused before the password is checked.
    const stranger = { email: 'walk-stranger@example.test', password: 'a-guess' };
    for (let attempt = 0; attempt < 5; attempt += 1) await signIn(stranger);
    expect((await signIn(stranger)).statusCode).toBe(429);

    const methods = await callDescribed('GET', '/auth/methods', {}, undefined, { token: null });
    expect(methods.json().oidc).toEqual({ label: 'Sign in with Okta' });
    const started = await callDescribed('GET', '/auth/oidc/start', {}, undefined, {
      token: null,
      query: `?returnTo=${encodeURIComponent('#/orgs')}`,
    });
    expect(started.headers.location?.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
    const refused = await callDescribed('GET', '/auth/oidc/callback', {}, undefined, {
      token: null,
      query: '?error=access_denied',
    });
    expect(refused.headers.location).toBe('/#/sign-in?error=access_denied');

    await callDescribed('DELETE', '/orgs/{id}/providers/{name}', { ...organization, name: 'openai' });
    await callDescribed('DELETE', '/projects/{id}/providers/{name}', { ...project, name: 'groq' });
    await callDescribed('DELETE', '/projects/{id}/providers/{name}', { ...project, name: 'groq' });
    await callDescribed('GET', '/projects/{id}', { id: randomUUID() });
    await callDescribed('GET', '/orgs', {}, undefined, { token: null });

    const unexercised = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .map(([method, operation]) => {
          const success = Object.keys(operation.responses).find((status) => /^[23]/.test(status));
          return `${method} ${path} ${success}`;
        })
        .filter((operation) => !exercised.has(operation)),
    );
    expect(unexercised).toEqual([]);
    for (const status of ['400', '401', '403', '404', '409', '429']) {
      expect([...exercised].some((operation) => operation.endsWith(` ${status}`))).toBe(true);
    }
  });
});

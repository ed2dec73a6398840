import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('organizations and projects in the management API', () => {
  let management: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer({
      OPENAI_API_KEY: 'sk-environment-key-never-shown-1234',
      ROUTER_DEFAULT_MODELS: 'openai:gpt-4.1-mini,anthropic:claude-haiku-4-5',
    });
  });
  afterAll(() => management.close());

  it('creates an organization, lists it, reads it and audits the creation', async () => {
    const created = await management.call('POST', '/api/v1/orgs', { name: 'Acme' });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const list = await management.call('GET', '/api/v1/orgs');
    expect(list.json().organizations).toContainEqual(expect.objectContaining({ id, name: 'Acme' }));
    const read = await management.call('GET', `/api/v1/orgs/${id}`);
    expect(read.json()).toMatchObject({ id, name: 'Acme', budget: { dailyUsd: null, monthlyUsd: null } });
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'organization.create', targetId: id },
    });
    expect(audit).toMatchObject({
      actor: 'admin-token',
      organizationId: id,
      requestId: created.headers['x-request-id'],
      ipAddress: '127.0.0.1',
    });
  });

  it('refuses an organization without a name, or with an unknown field', async () => {
    const empty = await management.call('POST', '/api/v1/orgs', { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('request.invalid');
    expect(empty.json().error.message).toContain('name');
    const extra = await management.call('POST', '/api/v1/orgs', { name: 'x', colour: 'blue' });
    expect(extra.statusCode).toBe(400);
    const missing = await management.call('POST', '/api/v1/orgs');
    expect(missing.statusCode).toBe(400);
  });

  it('creates a project in an organization and lists it there', async () => {
    const { organizationId, projectId } = await createOrganizationAndProject(management, {
      project: 'acme/api',
    });
    const projects = await management.call('GET', `/api/v1/orgs/${organizationId}/projects`);
    expect(projects.statusCode).toBe(200);
    expect(projects.json().projects).toEqual([expect.objectContaining({ id: projectId, name: 'acme/api' })]);
  });

  it('refuses a project for an unknown or malformed organization, and a duplicate name', async () => {
    const unknown = await management.call('POST', '/api/v1/projects', {
      orgId: '00000000-0000-4000-8000-000000000000',
      name: 'p',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('organization.not_found');
    const malformed = await management.call('POST', '/api/v1/projects', { orgId: 'acme', name: 'p' });
    expect(malformed.statusCode).toBe(400);
    const { organizationId } = await createOrganizationAndProject(management, { project: 'twice' });
    const duplicate = await management.call('POST', '/api/v1/projects', {
      orgId: organizationId,
      name: 'twice',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('project.name_taken');
  });

  it('answers 404 for the projects of an unknown organization', async () => {
    const response = await management.call(
      'GET',
      '/api/v1/orgs/00000000-0000-4000-8000-000000000000/projects',
    );
    expect(response.statusCode).toBe(404);
  });

  it('shows a new project with default routing, no limits and the environment providers masked', async () => {
    const { organizationId, projectId } = await createOrganizationAndProject(management);
    const response = await management.call('GET', `/api/v1/projects/${projectId}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: projectId,
      organizationId,
      routing: {
        default: { policy: 'fallback', models: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'] },
      },
      cacheTtlSeconds: 0,
      budget: { dailyUsd: null, monthlyUsd: null, softAlertRatio: 0.8 },
      prices: {},
      providers: [
        { name: 'openai', kind: 'openai', baseUrl: null, keyHint: 'sk-…1234', source: 'environment' },
      ],
    });
    expect(response.body).not.toContain('sk-environment-key-never-shown-1234');
  });

  it('sets the response cache TTL, shows it, hands it to the router, audits it, and 0 turns it off', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/cache`;
    const set = await management.call('PUT', url, { ttlSeconds: 300 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ ttlSeconds: 300 });
    expect((await management.context.projectSettings.get(projectId)).cacheTtlSeconds).toBe(300);
    expect((await management.call('GET', `/api/v1/projects/${projectId}`)).json().cacheTtlSeconds).toBe(300);
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { projectId, action: 'project-cache.update' },
    });
    expect(audit).toMatchObject({
      targetType: 'project',
      targetId: projectId,
      details: { previousTtlSeconds: 0, ttlSeconds: 300 },
    });

    const off = await management.call('PUT', url, { ttlSeconds: 0 });
    expect(off.json()).toEqual({ ttlSeconds: 0 });
    expect((await management.context.projectSettings.get(projectId)).cacheTtlSeconds).toBe(0);
    expect((await management.call('GET', `/api/v1/projects/${projectId}`)).json().cacheTtlSeconds).toBe(0);
  });

  it('refuses a cache TTL that is negative, over a day, fractional, not a number or missing', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/cache`;
    for (const body of [
      { ttlSeconds: -1 },
      { ttlSeconds: 1e9 },
      { ttlSeconds: 86_401 },
      { ttlSeconds: 1.5 },
      { ttlSeconds: '60' },
      { ttlSeconds: null },
      {},
      { ttlSeconds: 60, enabled: true },
    ]) {
      const response = await management.call('PUT', url, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
    const missing = await management.call('PUT', url);
    expect(missing.statusCode).toBe(400);
    expect((await management.context.projectSettings.get(projectId)).cacheTtlSeconds).toBe(0);
    const unknown = await management.call(
      'PUT',
      '/api/v1/projects/00000000-0000-4000-8000-000000000000/cache',
      { ttlSeconds: 60 },
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('answers 404 for an unknown or malformed project id', async () => {
    const unknown = await management.call('GET', '/api/v1/projects/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('project.not_found');
    const malformed = await management.call('GET', '/api/v1/projects/not-an-id');
    expect(malformed.statusCode).toBe(404);
  });
});

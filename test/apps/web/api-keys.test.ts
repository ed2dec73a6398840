import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('project API keys in the management API', () => {
  let management: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer();
  });
  afterAll(() => management.close());

  it('creates a key shown once, stores only its hash, and lists it without secrets', async () => {
    const { organizationId, projectId } = await createOrganizationAndProject(management);
    const created = await management.call('POST', `/api/v1/projects/${projectId}/keys`, { name: 'ci' });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    expect(key).toMatch(/^sy-[A-Za-z0-9_-]{43}$/);
    const row = await management.context.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(row.prefix).toBe(key.slice(0, 9));
    expect(await management.context.apiKeyAuthenticator.authenticateApiKey(key)).toEqual({
      apiKeyId: id,
      projectId,
      organizationId,
    });

    const list = await management.call('GET', `/api/v1/projects/${projectId}/keys`);
    expect(list.json().keys).toEqual([
      expect.objectContaining({ id, name: 'ci', prefix: key.slice(0, 9), revokedAt: null }),
    ]);
    expect(list.body).not.toContain(key);
    expect(list.body).not.toContain(row.hash);
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'api-key.create' },
    });
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('refuses a key without a name, and for an unknown project', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const invalid = await management.call('POST', `/api/v1/projects/${projectId}/keys`, { name: 42 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('request.invalid');
    const unknown = await management.call(
      'POST',
      '/api/v1/projects/00000000-0000-4000-8000-000000000000/keys',
      {
        name: 'ci',
      },
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('revokes a key so that it stops authenticating at once', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const { id, key } = (
      await management.call('POST', `/api/v1/projects/${projectId}/keys`, { name: 'x' })
    ).json();
    expect(await management.context.apiKeyAuthenticator.authenticateApiKey(key)).not.toBeNull();
    const revoked = await management.call('DELETE', `/api/v1/projects/${projectId}/keys/${id}`);
    expect(revoked.statusCode).toBe(204);
    expect(await management.context.apiKeyAuthenticator.authenticateApiKey(key)).toBeNull();
    const list = await management.call('GET', `/api/v1/projects/${projectId}/keys`);
    expect(list.json().keys[0].revokedAt).not.toBeNull();
    const again = await management.call('DELETE', `/api/v1/projects/${projectId}/keys/${id}`);
    expect(again.statusCode).toBe(204);
  });

  it('answers 404 when revoking a key of another project or an unknown key', async () => {
    const first = await createOrganizationAndProject(management);
    const second = await createOrganizationAndProject(management);
    const { id } = (
      await management.call('POST', `/api/v1/projects/${first.projectId}/keys`, { name: 'x' })
    ).json();
    const crossProject = await management.call('DELETE', `/api/v1/projects/${second.projectId}/keys/${id}`);
    expect(crossProject.statusCode).toBe(404);
    expect(crossProject.json().error.code).toBe('api_key.not_found');
    const malformed = await management.call('DELETE', `/api/v1/projects/${first.projectId}/keys/nope`);
    expect(malformed.statusCode).toBe(404);
  });
});

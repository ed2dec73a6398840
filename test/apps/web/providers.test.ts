import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('provider credentials in the management API', () => {
  let management: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer({
      OPENAI_API_KEY: 'sk-from-the-environment-0000',
      OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
    });
  });
  afterAll(() => management.close());

  it('stores a project key and answers with a masked hint, while the settings hold the decrypted key', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const response = await management.call('PUT', `/api/v1/projects/${projectId}/providers/groq`, {
      kind: 'openai-compatible',
      apiKey: 'gsk_project-secret-abcdwxyz',
      baseUrl: 'https://api.groq.com/openai/v1',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: 'groq',
      kind: 'openai-compatible',
      baseUrl: 'https://api.groq.com/openai/v1',
      keyHint: 'gsk_…wxyz',
      source: 'project',
    });
    const settings = await management.context.projectSettings.get(projectId);
    expect(settings.providers.groq).toMatchObject({
      apiKey: 'gsk_project-secret-abcdwxyz',
      baseUrl: 'https://api.groq.com/openai/v1',
      source: 'project',
    });
  });

  it('resolves a provider from the project, then the organization, then the environment', async () => {
    const { organizationId, projectId } = await createOrganizationAndProject(management);
    const resolved = async () => (await management.context.projectSettings.get(projectId)).providers.openai;
    expect(await resolved()).toMatchObject({ apiKey: 'sk-from-the-environment-0000', source: 'environment' });

    await management.call('PUT', `/api/v1/orgs/${organizationId}/providers/openai`, {
      kind: 'openai',
      apiKey: 'sk-organization-key-1111',
    });
    expect(await resolved()).toMatchObject({ apiKey: 'sk-organization-key-1111', source: 'organization' });

    await management.call('PUT', `/api/v1/projects/${projectId}/providers/openai`, {
      kind: 'openai',
      apiKey: 'sk-project-key-2222',
    });
    expect(await resolved()).toMatchObject({ apiKey: 'sk-project-key-2222', source: 'project' });
    const view = await management.call('GET', `/api/v1/projects/${projectId}`);
    expect(view.json().providers).toEqual([
      { name: 'openai', kind: 'openai', baseUrl: null, keyHint: 'sk-…2222', source: 'project' },
    ]);

    expect(
      (await management.call('DELETE', `/api/v1/projects/${projectId}/providers/openai`)).statusCode,
    ).toBe(204);
    expect(await resolved()).toMatchObject({ apiKey: 'sk-organization-key-1111', source: 'organization' });
    expect(
      (await management.call('DELETE', `/api/v1/orgs/${organizationId}/providers/openai`)).statusCode,
    ).toBe(204);
    expect(await resolved()).toMatchObject({ source: 'environment', baseUrl: 'http://127.0.0.1:1/v1' });
  });

  it('keeps the stored key when only the base URL changes, and removes it when given null', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/providers/local`;
    await management.call('PUT', url, {
      kind: 'openai-compatible',
      apiKey: 'local-secret-key-0123456789',
      baseUrl: 'http://127.0.0.1:11434/v1',
    });
    const moved = await management.call('PUT', url, {
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8000/v1',
    });
    expect(moved.json()).toMatchObject({ keyHint: 'local-…6789', baseUrl: 'http://127.0.0.1:8000/v1' });
    expect((await management.context.projectSettings.get(projectId)).providers.local?.apiKey).toBe(
      'local-secret-key-0123456789',
    );
    const cleared = await management.call('PUT', url, { kind: 'openai-compatible', apiKey: null });
    expect(cleared.json().keyHint).toBeNull();
    expect((await management.context.projectSettings.get(projectId)).providers.local?.apiKey).toBeUndefined();
  });

  it('refuses an openai-compatible provider without a base URL, an unknown kind and a bad provider name', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const noBaseUrl = await management.call('PUT', `/api/v1/projects/${projectId}/providers/groq`, {
      kind: 'openai-compatible',
      apiKey: 'gsk_abc',
    });
    expect(noBaseUrl.statusCode).toBe(400);
    expect(noBaseUrl.json().error.code).toBe('provider.base_url_required');
    const badKind = await management.call('PUT', `/api/v1/projects/${projectId}/providers/groq`, {
      kind: 'gemini',
    });
    expect(badKind.statusCode).toBe(400);
    const badUrl = await management.call('PUT', `/api/v1/projects/${projectId}/providers/groq`, {
      kind: 'openai',
      baseUrl: 'ftp://example.com',
    });
    expect(badUrl.statusCode).toBe(400);
    const badName = await management.call('PUT', `/api/v1/projects/${projectId}/providers/Open:AI`, {
      kind: 'openai',
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.code).toBe('request.invalid');
  });

  it('answers 404 for an unknown project, organization or stored provider', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const body = { kind: 'openai', apiKey: 'sk-whatever-0000' };
    expect(
      (await management.call('PUT', `/api/v1/projects/${unknownId}/providers/openai`, body)).statusCode,
    ).toBe(404);
    expect(
      (await management.call('PUT', `/api/v1/orgs/${unknownId}/providers/openai`, body)).statusCode,
    ).toBe(404);
    const { projectId } = await createOrganizationAndProject(management);
    const missing = await management.call('DELETE', `/api/v1/projects/${projectId}/providers/openai`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('provider.not_found');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FakeOpenAI, startFakeOpenAI } from '../../fakes/openai-server.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

const goodKey = 'gsk-provider-test-0123456789';

describe('testing a provider credential with one cheap call', () => {
  let management: ManagementServer;
  let fake: FakeOpenAI;
  let ids: { organizationId: string; projectId: string };

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: goodKey });
    management = await startManagementServer();
    ids = await createOrganizationAndProject(management);
    await management.call('PUT', `/api/v1/projects/${ids.projectId}/providers/groq`, {
      kind: 'openai-compatible',
      apiKey: goodKey,
      baseUrl: fake.baseUrl,
    });
    await management.call('PUT', `/api/v1/projects/${ids.projectId}/routing`, {
      policy: 'fallback',
      models: ['groq:llama-3.1-8b-instant'],
    });
    // A budget already spent does not stop an admin's check: it is not charged.
    await management.call('PUT', `/api/v1/projects/${ids.projectId}/budget`, { dailyUsd: 0 });
  });
  afterAll(async () => {
    await management.close();
    await fake.close();
  });

  const test = (owner: 'projects' | 'orgs', id: string, name: string, body?: unknown) =>
    management.call('POST', `/api/v1/${owner}/${id}/providers/${name}/test`, body);

  it("calls the project's routed model once with one output token and answers ok, never the key", async () => {
    fake.reset();
    const response = await test('projects', ids.projectId, 'groq');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      model: 'groq:llama-3.1-8b-instant',
      latencyMs: expect.any(Number),
    });
    expect(response.body).not.toContain(goodKey);
    expect(fake.calls).toHaveLength(1);
    const sent = fake.calls[0]!.body as {
      model: string;
      messages: { content: string }[];
      max_tokens?: number;
      max_completion_tokens?: number;
    };
    expect(sent.model).toBe('llama-3.1-8b-instant');
    expect(sent.messages.at(-1)!.content).toBe('ping');
    expect(sent.max_completion_tokens ?? sent.max_tokens).toBe(1);
    const usage = await management.context.prisma.usageEvent.count({ where: { projectId: ids.projectId } });
    expect(usage).toBe(0);
  });

  it('calls the model named in the body', async () => {
    fake.reset();
    const response = await test('projects', ids.projectId, 'groq', { model: 'groq:mixtral-8x7b' });
    expect(response.json()).toMatchObject({ ok: true, model: 'groq:mixtral-8x7b' });
    expect((fake.calls[0]!.body as { model: string }).model).toBe('mixtral-8x7b');
    const foreign = await test('projects', ids.projectId, 'groq', { model: 'openai:gpt-4.1' });
    expect(foreign.statusCode).toBe(400);
  });

  it("tests an organization's credential and reports a refused key as ok false with the provider's error", async () => {
    await management.call('PUT', `/api/v1/orgs/${ids.organizationId}/providers/openai`, {
      kind: 'openai',
      apiKey: 'sk-wrong-key-0123456789abcdef',
      baseUrl: fake.baseUrl,
    });
    fake.reset();
    const response = await test('orgs', ids.organizationId, 'openai', {});
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      ok: false,
      model: 'openai:gpt-4.1-mini',
      error: { code: 'llm.auth_failed' },
    });
    expect(body.error.message).toEqual(expect.any(String));
    expect(response.body).not.toContain('sk-wrong-key-0123456789abcdef');
    expect(fake.calls).toHaveLength(1);
  });

  it('answers 404 for a provider the scope does not have', async () => {
    const response = await test('projects', ids.projectId, 'mistral');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('provider.not_found');
    expect((await test('orgs', ids.organizationId, 'groq')).statusCode).toBe(404);
    expect((await test('projects', ids.projectId, 'Bad Name')).statusCode).toBe(400);
  });
});

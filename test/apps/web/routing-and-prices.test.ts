import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('routing and price overrides in the management API', () => {
  let management: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer({ ROUTER_DEFAULT_MODELS: 'openai:gpt-4.1-mini' });
  });
  afterAll(() => management.close());

  it('falls back to ROUTER_DEFAULT_MODELS until a rule is stored, then routes by the rule', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    expect((await management.context.projectSettings.get(projectId)).routing).toEqual({
      default: { policy: 'fallback', models: ['openai:gpt-4.1-mini'] },
    });
    const response = await management.call('PUT', `/api/v1/projects/${projectId}/routing`, {
      policy: 'weighted',
      models: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
      weights: { 'openai:gpt-4.1-mini': 3 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ agent: 'default', policy: 'weighted' });
    const settings = await management.context.projectSettings.get(projectId);
    expect(settings.routing.default).toEqual({
      policy: 'weighted',
      models: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
      weights: { 'openai:gpt-4.1-mini': 3 },
    });
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { projectId, action: 'routing-rule.update' },
    });
    expect(audit.details).toMatchObject({ agent: 'default', policy: 'weighted' });
  });

  it('stores a rule per agent, keeps the default, and clears weights that are left out', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/routing`;
    await management.call('PUT', url, {
      agent: 'review',
      policy: 'weighted',
      models: ['openai:gpt-5'],
      weights: { 'openai:gpt-5': 2 },
    });
    await management.call('PUT', url, { agent: 'review', policy: 'cheapest', models: ['openai:gpt-5'] });
    const settings = await management.context.projectSettings.get(projectId);
    expect(settings.routing.review).toEqual({ policy: 'cheapest', models: ['openai:gpt-5'] });
    expect(settings.routing.default?.models).toEqual(['openai:gpt-4.1-mini']);
  });

  it('refuses model names without a provider, unknown policies and weights of unlisted models', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/routing`;
    for (const body of [
      { policy: 'fallback', models: ['gpt-4.1-mini'] },
      { policy: 'random', models: ['openai:gpt-4.1-mini'] },
      { policy: 'weighted', models: ['openai:a'], weights: { 'openai:b': 1 } },
      { policy: 'fallback', models: [] },
    ]) {
      const response = await management.call('PUT', url, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
    const unknown = await management.call(
      'PUT',
      '/api/v1/projects/00000000-0000-4000-8000-000000000000/routing',
      {
        policy: 'fallback',
        models: ['openai:gpt-4.1-mini'],
      },
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('stores an allow-list, shows it, hands it to the router and clears it when left out', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/routing`;
    const rule = {
      policy: 'fallback',
      models: ['openai:gpt-4.1-mini'],
      allowedModels: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
    };
    const response = await management.call('PUT', url, rule);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ agent: 'default', ...rule });
    expect((await management.context.projectSettings.get(projectId)).routing.default).toEqual(rule);
    const view = await management.call('GET', `/api/v1/projects/${projectId}`);
    expect(view.json().routing.default).toEqual(rule);
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { projectId, action: 'routing-rule.update' },
    });
    expect(audit.details).toMatchObject({ allowedModels: rule.allowedModels });

    await management.call('PUT', url, { policy: 'fallback', models: ['openai:gpt-4.1-mini'] });
    const stored = await management.context.prisma.routingRule.findFirstOrThrow({ where: { projectId } });
    expect(stored.allowedModels).toBeNull();
    expect((await management.context.projectSettings.get(projectId)).routing.default).toEqual({
      policy: 'fallback',
      models: ['openai:gpt-4.1-mini'],
    });
  });

  it('refuses a rule that lists a model outside its allow-list, naming the model', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/routing`;
    const response = await management.call('PUT', url, {
      policy: 'fallback',
      models: ['openai:gpt-4.1-mini', 'openai:gpt-5'],
      allowedModels: ['openai:gpt-4.1-mini'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('request.invalid');
    expect(response.json().error.message).toContain(
      'models.1: names openai:gpt-5, which is not in allowedModels',
    );
    for (const allowedModels of [[], ['gpt-4.1-mini'], ['openai:gpt-4.1-mini', 'openai:gpt-4.1-mini']]) {
      const refused = await management.call('PUT', url, {
        policy: 'fallback',
        models: ['openai:gpt-4.1-mini'],
        allowedModels,
      });
      expect(refused.statusCode).toBe(400);
    }
    expect(await management.context.prisma.routingRule.count({ where: { projectId } })).toBe(0);
  });

  it('replaces the price overrides with the set given', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/prices`;
    const first = await management.call('PUT', url, {
      'openai:gpt-4.1-mini': { inputPerMTok: 0.3, outputPerMTok: 1.2, contextWindow: 128000 },
      'groq:llama-3.3-70b': { inputPerMTok: 0.59, outputPerMTok: 0.79 },
    });
    expect(first.statusCode).toBe(200);
    expect((await management.context.projectSettings.get(projectId)).priceOverrides).toEqual({
      'openai:gpt-4.1-mini': { inputPerMTok: 0.3, outputPerMTok: 1.2, contextWindow: 128000 },
      'groq:llama-3.3-70b': { inputPerMTok: 0.59, outputPerMTok: 0.79 },
    });
    await management.call('PUT', url, { 'groq:llama-3.3-70b': { inputPerMTok: 0.5, outputPerMTok: 0.7 } });
    expect((await management.context.projectSettings.get(projectId)).priceOverrides).toEqual({
      'groq:llama-3.3-70b': { inputPerMTok: 0.5, outputPerMTok: 0.7 },
    });
    const view = await management.call('GET', `/api/v1/projects/${projectId}`);
    expect(view.json().prices).toEqual({ 'groq:llama-3.3-70b': { inputPerMTok: 0.5, outputPerMTok: 0.7 } });
  });

  it('stores maxOutputTokens with a price override and hands it to the router', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/prices`;
    const prices = {
      'openai:gpt-4.1-mini': { inputPerMTok: 0.3, outputPerMTok: 1.2, maxOutputTokens: 1000 },
      'groq:llama-3.3-70b': {
        inputPerMTok: 0.59,
        outputPerMTok: 0.79,
        contextWindow: 131072,
        maxOutputTokens: 32768,
      },
    };
    const response = await management.call('PUT', url, prices);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ prices });
    expect((await management.context.projectSettings.get(projectId)).priceOverrides).toEqual(prices);
    const view = await management.call('GET', `/api/v1/projects/${projectId}`);
    expect(view.json().prices).toEqual(prices);

    await management.call('PUT', url, { 'openai:gpt-4.1-mini': { inputPerMTok: 0.3, outputPerMTok: 1.2 } });
    expect((await management.context.projectSettings.get(projectId)).priceOverrides).toEqual({
      'openai:gpt-4.1-mini': { inputPerMTok: 0.3, outputPerMTok: 1.2 },
    });
  });

  it('refuses prices keyed by a bare model name, negative prices and a maxOutputTokens that is not a count', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/prices`;
    for (const body of [
      { 'gpt-4.1-mini': { inputPerMTok: 1, outputPerMTok: 1 } },
      { 'openai:gpt-4.1-mini': { inputPerMTok: -1, outputPerMTok: 1 } },
      { 'openai:gpt-4.1-mini': { inputPerMTok: 1 } },
      { 'openai:gpt-4.1-mini': { inputPerMTok: 1, outputPerMTok: 1, maxOutputTokens: 0 } },
      { 'openai:gpt-4.1-mini': { inputPerMTok: 1, outputPerMTok: 1, maxOutputTokens: 1.5 } },
    ]) {
      const response = await management.call('PUT', url, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '../../../core/config/environment.js';
import type { PrismaClient } from '../../../core/db/create-prisma-client.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import {
  createProjectSettingsStore,
  type ProjectSettingsStore,
  type ProjectSettingsStoreOptions,
} from '../../../core/projects/create-project-settings-store.js';
import { parseEncryptionKeyring } from '../../../core/projects/parse-encryption-keyring.js';
import { saveProviderCredential } from '../../../core/projects/save-provider-credential.js';
import type { Redis } from '../../../core/redis/create-redis-client.js';
import { createTestPrisma, createTestRedis, testKeyPrefix } from '../../support/test-resources.js';
import { eventually } from './eventually.js';

const logger = createLogger({ level: 'silent' });
const keyPrefix = testKeyPrefix('settings');
const keyring = parseEncryptionKeyring(randomBytes(32).toString('base64'))!;
const environment = loadEnvironment(process.env, {
  OPENAI_API_KEY: 'sk-environment-openai',
  OPENAI_BASE_URL: '',
  ANTHROPIC_API_KEY: 'sk-ant-environment',
  ANTHROPIC_BASE_URL: '',
  ROUTER_DEFAULT_MODELS: 'openai:gpt-4.1-mini, anthropic:claude-haiku-4-5',
});
const processes: { prisma: PrismaClient; redis: Redis; store: ProjectSettingsStore }[] = [];

/** One "process": its own Postgres pool, Redis connections and store. */
async function startStore(options: Partial<ProjectSettingsStoreOptions> = {}) {
  const prisma = createTestPrisma();
  const redis = createTestRedis('settings');
  const store = createProjectSettingsStore({
    prisma,
    redis,
    environment,
    keyring,
    logger,
    keyPrefix,
    ...options,
  });
  processes.push({ prisma, redis, store });
  await store.ready;
  return { prisma, store };
}

let main: Awaited<ReturnType<typeof startStore>>;

async function createProject(organizationId?: string) {
  const orgId =
    organizationId ?? (await main.prisma.organization.create({ data: { name: 'settings-org' } })).id;
  const project = await main.prisma.project.create({
    data: { organizationId: orgId, name: `p-${randomBytes(3).toString('hex')}`, cacheTtlSeconds: 30 },
  });
  return { organizationId: orgId, projectId: project.id };
}

beforeAll(async () => {
  main = await startStore();
});

afterAll(async () => {
  for (const { prisma, redis, store } of processes) {
    await store.close();
    await redis.quit();
    await prisma.$disconnect();
  }
});

describe('createProjectSettingsStore', () => {
  it('builds defaults for a bare project: routing from ROUTER_DEFAULT_MODELS, no limits, environment providers', async () => {
    const { organizationId, projectId } = await createProject();
    const settings = await main.store.get(projectId);
    expect(settings).toMatchObject({
      projectId,
      organizationId,
      routing: {
        default: { policy: 'fallback', models: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'] },
      },
      limits: { project: { softAlertRatio: 0.8 }, organization: { softAlertRatio: 0.8 } },
      priceOverrides: {},
      cacheTtlSeconds: 30,
    });
    expect(settings.providers.openai).toMatchObject({
      kind: 'openai',
      apiKey: 'sk-environment-openai',
      source: 'environment',
    });
    expect(settings.providers.anthropic).toMatchObject({ kind: 'anthropic', source: 'environment' });
  });

  it('resolves credentials project → organization → environment, decrypting once per load', async () => {
    const { organizationId, projectId } = await createProject();
    const save = (scope: 'project' | 'organization', scopeId: string, name: string, apiKey: string) =>
      saveProviderCredential({
        prisma: main.prisma,
        keyring,
        owner: { scope, scopeId, name },
        organizationId,
        change: { kind: 'openai', apiKey },
      });
    await save('organization', organizationId, 'openai', 'sk-organization-openai');
    await save('organization', organizationId, 'anthropic', 'sk-organization-anthropic');
    await save('project', projectId, 'openai', 'sk-project-openai');
    const settings = await main.store.get(projectId);
    expect(settings.providers.openai).toMatchObject({ apiKey: 'sk-project-openai', source: 'project' });
    expect(settings.providers.anthropic).toMatchObject({
      apiKey: 'sk-organization-anthropic',
      source: 'organization',
    });
    // The same object until invalidated: nothing is decrypted again per call.
    expect(await main.store.get(projectId)).toBe(settings);
  });

  it('keeps decrypted keys out of JSON and log lines even when a whole settings object is logged', async () => {
    const { organizationId, projectId } = await createProject();
    await saveProviderCredential({
      prisma: main.prisma,
      keyring,
      owner: { scope: 'project', scopeId: projectId, name: 'openai' },
      organizationId,
      change: { kind: 'openai', apiKey: 'sk-decrypted-but-never-logged' },
    });
    const settings = await main.store.get(projectId);
    const lines: string[] = [];
    createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }).info(
      { settings },
      'settings loaded',
    );
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).not.toContain('sk-decrypted-but-never-logged');
    expect(JSON.stringify(settings)).not.toContain('sk-environment-openai');
    expect({ ...settings.providers.openai }.apiKey).toBe('sk-decrypted-but-never-logged');
  });

  it('converts budgets to nano-USD limits', async () => {
    const { organizationId, projectId } = await createProject();
    await main.prisma.budget.createMany({
      data: [
        {
          scope: 'project',
          scopeId: projectId,
          projectId,
          organizationId,
          dailyUsd: 1.5,
          softAlertRatio: 0.5,
        },
        { scope: 'organization', scopeId: organizationId, organizationId, monthlyUsd: 200 },
      ],
    });
    const settings = await main.store.get(projectId);
    expect(settings.limits).toEqual({
      project: { dailyNano: 1_500_000_000, softAlertRatio: 0.5 },
      organization: { monthlyNano: 200_000_000_000, softAlertRatio: 0.8 },
    });
  });

  it('loads allow-lists and maxOutputTokens, and ignores a stored rule that lists a model it does not allow', async () => {
    const { projectId } = await createProject();
    await main.prisma.routingRule.createMany({
      data: [
        {
          projectId,
          agent: 'default',
          policy: 'fallback',
          models: ['openai:gpt-5-nano'],
          allowedModels: ['openai:gpt-5-nano', 'openai:gpt-5-mini'],
        },
        // Written by hand: the API refuses it, so the loader must not route by it either.
        {
          projectId,
          agent: 'review',
          policy: 'fallback',
          models: ['openai:gpt-5'],
          allowedModels: ['openai:gpt-5-nano'],
        },
      ],
    });
    await main.prisma.priceOverride.create({
      data: {
        projectId,
        model: 'openai:gpt-5-nano',
        inputPerMTok: 0.05,
        outputPerMTok: 0.4,
        maxOutputTokens: 2048,
      },
    });
    const settings = await main.store.get(projectId);
    expect(settings.routing).toEqual({
      default: {
        policy: 'fallback',
        models: ['openai:gpt-5-nano'],
        allowedModels: ['openai:gpt-5-nano', 'openai:gpt-5-mini'],
      },
    });
    expect(settings.priceOverrides).toEqual({
      'openai:gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4, maxOutputTokens: 2048 },
    });
  });

  it('drops a project from every store when one store invalidates it', async () => {
    const other = await startStore();
    const { projectId } = await createProject();
    expect((await other.store.get(projectId)).routing.default?.policy).toBe('fallback');
    await main.prisma.routingRule.create({
      data: { projectId, policy: 'cheapest', models: ['openai:gpt-5-nano'] },
    });
    expect((await other.store.get(projectId)).routing.default?.policy).toBe('fallback');
    await main.store.invalidate({ projectId });
    await eventually(async () =>
      expect((await other.store.get(projectId)).routing.default?.policy).toBe('cheapest'),
    );
  });

  it('drops every project of an organization when the organization changes', async () => {
    const other = await startStore();
    const first = await createProject();
    const second = await createProject(first.organizationId);
    const unrelated = await createProject();
    const unrelatedSettings = await other.store.get(unrelated.projectId);
    await other.store.get(first.projectId);
    await other.store.get(second.projectId);
    await main.prisma.budget.create({
      data: {
        scope: 'organization',
        scopeId: first.organizationId,
        organizationId: first.organizationId,
        dailyUsd: 3,
      },
    });
    await main.store.invalidate({ organizationId: first.organizationId });
    await eventually(async () => {
      expect((await other.store.get(first.projectId)).limits.organization.dailyNano).toBe(3_000_000_000);
      expect((await other.store.get(second.projectId)).limits.organization.dailyNano).toBe(3_000_000_000);
    });
    expect(await other.store.get(unrelated.projectId)).toBe(unrelatedSettings);
  });

  it('refreshes an entry in the background once its time to live has passed', async () => {
    const short = await startStore({ timeToLiveMs: 50 });
    const { projectId } = await createProject();
    await short.store.get(projectId);
    await main.prisma.project.update({ where: { id: projectId }, data: { cacheTtlSeconds: 99 } });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await eventually(async () => expect((await short.store.get(projectId)).cacheTtlSeconds).toBe(99));
  });

  it('answers project.not_found for an unknown project without caching the failure', async () => {
    await expect(main.store.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'project.not_found',
      status: 404,
    });
    await expect(main.store.get('not-a-uuid')).rejects.toMatchObject({ code: 'project.not_found' });
  });
});

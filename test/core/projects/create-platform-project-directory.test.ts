import { randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../core/logging/create-logger.js';
import {
  createPlatformProjectDirectory,
  type PlatformProjectReference,
} from '../../../core/projects/create-platform-project-directory.js';
import { createTestPrisma, createTestRedis, testKeyPrefix } from '../../support/test-resources.js';
import { eventually } from './eventually.js';

const prisma = createTestPrisma();
const redis = createTestRedis('directory-test');
afterAll(async () => {
  await prisma.$disconnect();
  await redis.quit();
});

/** GitHub-like ids unique to each test, so tests never meet each other's rows. */
const externalId = () => String(randomInt(1_000_000_000, 2_000_000_000));

function reference(organizationExternalId: string, projectExternalId: string, name: string) {
  const owner = name.split('/')[0]!;
  return {
    platform: 'github',
    organization: { externalId: organizationExternalId, name: owner },
    project: { externalId: projectExternalId, name },
  } satisfies PlatformProjectReference;
}

describe('the platform project directory', () => {
  it('creates the organization and the project on first contact, active and with the default prefix', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const [organizationId, repositoryId] = [externalId(), externalId()];
    const project = await directory.resolve(reference(organizationId, repositoryId, 'acme/first-contact'));
    expect(project).toEqual({
      projectId: expect.any(String),
      organizationId: expect.any(String),
      active: true,
      commandPrefix: undefined,
    });
    expect(
      await prisma.organization.findUniqueOrThrow({ where: { id: project.organizationId } }),
    ).toMatchObject({ platform: 'github', externalId: organizationId, name: 'acme', deactivatedAt: null });
    expect(await prisma.project.findUniqueOrThrow({ where: { id: project.projectId } })).toMatchObject({
      platform: 'github',
      externalId: repositoryId,
      name: 'acme/first-contact',
      organizationId: project.organizationId,
    });
  });

  it('answers a second resolve from its cache with the same ids, without a query', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const target = reference(externalId(), externalId(), 'acme/cached');
    const first = await directory.resolve(target);
    await prisma.project.update({ where: { id: first.projectId }, data: { commandPrefix: '!changed' } });
    const second = await directory.resolve(target);
    expect(second).toEqual(first);
  });

  it('finds a renamed repository by its platform id, keeping the project and taking the new name', async () => {
    const [organizationId, repositoryId] = [externalId(), externalId()];
    const before = await createPlatformProjectDirectory(prisma).resolve(
      reference(organizationId, repositoryId, 'acme/old-name'),
    );
    const after = await createPlatformProjectDirectory(prisma).resolve(
      reference(organizationId, repositoryId, 'acme/new-name'),
    );
    expect(after.projectId).toBe(before.projectId);
    const rows = await prisma.project.findMany({ where: { platform: 'github', externalId: repositoryId } });
    expect(rows.map((row) => row.name)).toEqual(['acme/new-name']);
  });

  // A repository is renamed (GitHub sends no event the app subscribes to) and a new one takes its old
  // name; the new repository's first event must not take over the old repository's project (its settings,
  // budgets and keys). The directory's upsert by name rewrites the old row's externalId instead.
  it('gives a new repository that reuses a renamed repository’s old name a project of its own', async () => {
    const organizationId = externalId();
    const [oldRepositoryId, newRepositoryId] = [externalId(), externalId()];
    const original = await createPlatformProjectDirectory(prisma).resolve(
      reference(organizationId, oldRepositoryId, 'acme/api'),
    );
    const newcomer = await createPlatformProjectDirectory(prisma).resolve(
      reference(organizationId, newRepositoryId, 'acme/api'),
    );
    expect(newcomer.projectId).not.toBe(original.projectId);
    const renamed = await createPlatformProjectDirectory(prisma).resolve(
      reference(organizationId, oldRepositoryId, 'acme/api-legacy'),
    );
    expect(renamed.projectId).toBe(original.projectId);
  });

  it('creates one organization and one project when two first deliveries race', async () => {
    const [organizationId, repositoryId] = [externalId(), externalId()];
    const target = reference(organizationId, repositoryId, 'acme/racing');
    const results = await Promise.all([
      createPlatformProjectDirectory(prisma).resolve(target),
      createPlatformProjectDirectory(prisma).resolve(target),
      createPlatformProjectDirectory(prisma).resolve(target),
    ]);
    expect(new Set(results.map((result) => result.projectId)).size).toBe(1);
    expect(new Set(results.map((result) => result.organizationId)).size).toBe(1);
    expect(await prisma.project.count({ where: { platform: 'github', externalId: repositoryId } })).toBe(1);
    expect(
      await prisma.organization.count({ where: { platform: 'github', externalId: organizationId } }),
    ).toBe(1);
  });

  it('reports every cached project of an uninstalled organization inactive at once', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const organizationId = externalId();
    const one = reference(organizationId, externalId(), 'acme/one');
    const two = reference(organizationId, externalId(), 'acme/two');
    await directory.resolve(one);
    await directory.resolve(two);
    await directory.disconnect({ platform: 'github', organizationExternalId: organizationId });
    expect((await directory.resolve(one)).active).toBe(false);
    expect((await directory.resolve(two)).active).toBe(false);
  });

  it('reactivates an organization and its listed repositories when it connects again, keeping their ids', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const [organizationId, repositoryId] = [externalId(), externalId()];
    const target = reference(organizationId, repositoryId, 'acme/returning');
    const before = await directory.resolve(target);
    await directory.disconnect({ platform: 'github', organizationExternalId: organizationId });
    expect((await directory.resolve(target)).active).toBe(false);
    await directory.connect({
      platform: 'github',
      organization: target.organization,
      projects: [target.project],
    });
    expect(await directory.resolve(target)).toEqual({ ...before, active: true });
  });

  it('deactivates only the removed repositories of an organization', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const organizationId = externalId();
    const kept = reference(organizationId, externalId(), 'acme/kept');
    const removed = reference(organizationId, externalId(), 'acme/removed');
    await directory.resolve(kept);
    await directory.resolve(removed);
    await directory.disconnect({
      platform: 'github',
      organizationExternalId: organizationId,
      projectExternalIds: [removed.project.externalId],
    });
    expect((await directory.resolve(kept)).active).toBe(true);
    expect((await directory.resolve(removed)).active).toBe(false);
    await directory.connect({
      platform: 'github',
      organization: removed.organization,
      projects: [removed.project],
    });
    expect((await directory.resolve(removed)).active).toBe(true);
  });

  it('creates the listed repositories when an installation connects, before any of their events, and returns them', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const organizationId = externalId();
    const projects = [
      { externalId: externalId(), name: 'newco/web' },
      { externalId: externalId(), name: 'newco/api' },
    ];
    const connected = await directory.connect({
      platform: 'github',
      organization: { externalId: organizationId, name: 'newco' },
      projects,
    });
    const rows = await prisma.project.findMany({
      where: { platform: 'github', externalId: { in: projects.map((project) => project.externalId) } },
    });
    expect(rows.map((row) => row.name).sort()).toEqual(['newco/api', 'newco/web']);
    expect(connected).toEqual(
      projects.map((project) => {
        const row = rows.find((candidate) => candidate.externalId === project.externalId)!;
        return { projectId: row.id, organizationId: row.organizationId, name: project.name };
      }),
    );
  });

  it("empties the other processes' caches over pub/sub when the prefix changes or an installation goes", async () => {
    const options = {
      redis,
      keyPrefix: testKeyPrefix('directory'),
      logger: createLogger({ level: 'silent' }),
    };
    const worker = createPlatformProjectDirectory(prisma, options);
    const intake = createPlatformProjectDirectory(prisma, options);
    try {
      await Promise.all([worker.ready, intake.ready]);
      const organizationId = externalId();
      const target = reference(organizationId, externalId(), 'acme/shared');
      const { projectId } = await intake.resolve(target);
      await worker.recordRepositoryConfig(projectId, { source: 'file', commandPrefix: '@bot', agents: [] });
      await eventually(async () => expect((await intake.resolve(target)).commandPrefix).toBe('@bot'));
      await worker.disconnect({ platform: 'github', organizationExternalId: organizationId });
      await eventually(async () => expect((await intake.resolve(target)).active).toBe(false));
    } finally {
      await worker.close();
      await intake.close();
    }
  });

  it('ignores a disconnect of an organization it never saw', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    await expect(
      directory.disconnect({ platform: 'github', organizationExternalId: externalId() }),
    ).resolves.toBeUndefined();
  });

  it('returns the command prefix a repository configured, and the default again once it is unset', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const target = reference(externalId(), externalId(), 'acme/prefixed');
    const { projectId } = await directory.resolve(target);
    await directory.recordRepositoryConfig(projectId, { source: 'file', commandPrefix: '@bot', agents: [] });
    expect((await directory.resolve(target)).commandPrefix).toBe('@bot');
    await directory.recordRepositoryConfig(projectId, { source: 'defaults', agents: [] });
    expect((await directory.resolve(target)).commandPrefix).toBeUndefined();
  });

  it('records the enabled agents and where the configuration came from, for the settings page', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const { projectId } = await directory.resolve(reference(externalId(), externalId(), 'acme/status'));
    const before = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    expect([before.configSource, before.configAgents, before.configReadAt]).toEqual([null, null, null]);
    const agents = [{ agent: 'review' as const, triggers: ['opened', 'command'] }];
    await directory.recordRepositoryConfig(projectId, { source: 'invalid', agents });
    const after = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(after.configSource).toBe('invalid');
    expect(after.configAgents).toEqual(agents);
    expect(after.configReadAt).toBeInstanceOf(Date);
    expect(after.commandPrefix).toBeNull();
  });

  it('records connects and disconnects in the audit log as the GitHub app', async () => {
    const directory = createPlatformProjectDirectory(prisma);
    const organizationId = externalId();
    const repository = { externalId: externalId(), name: 'audited/repo' };
    await directory.connect({
      platform: 'github',
      organization: { externalId: organizationId, name: 'audited' },
      projects: [repository],
    });
    await directory.disconnect({
      platform: 'github',
      organizationExternalId: organizationId,
      projectExternalIds: [repository.externalId],
    });
    await directory.disconnect({ platform: 'github', organizationExternalId: organizationId });
    const organization = await prisma.organization.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'github', externalId: organizationId } },
    });
    const rows = await prisma.auditEvent.findMany({ where: { organizationId: organization.id } });
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'system:github-app',
          action: 'organization.connect',
          targetType: 'organization',
          targetId: organization.id,
          details: { platform: 'github', externalId: organizationId, projects: ['audited/repo'] },
        }),
        expect.objectContaining({
          actor: 'system:github-app',
          action: 'project.disconnect',
          details: { platform: 'github', projects: [repository.externalId] },
        }),
        expect.objectContaining({
          actor: 'system:github-app',
          action: 'organization.disconnect',
          details: { platform: 'github', projects: 'all' },
        }),
      ]),
    );
  });
});

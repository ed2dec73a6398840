import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('budgets in the management API', () => {
  let management: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer();
  });
  afterAll(() => management.close());

  it('sets a project budget that the cached project settings pick up in nano-USD', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    expect((await management.context.projectSettings.get(projectId)).limits.project).toEqual({
      softAlertRatio: 0.8,
    });
    const response = await management.call('PUT', `/api/v1/projects/${projectId}/budget`, {
      dailyUsd: 5,
      monthlyUsd: 100.25,
      softAlertRatio: 0.9,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ dailyUsd: 5, monthlyUsd: 100.25, softAlertRatio: 0.9 });
    const settings = await management.context.projectSettings.get(projectId);
    expect(settings.limits.project).toEqual({
      dailyNano: 5_000_000_000,
      monthlyNano: 100_250_000_000,
      softAlertRatio: 0.9,
    });
  });

  it('keeps an omitted limit, clears a null one, and audits both values', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    await management.call('PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: 5, monthlyUsd: 50 });
    const response = await management.call('PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: null });
    expect(response.json()).toEqual({ dailyUsd: null, monthlyUsd: 50, softAlertRatio: 0.8 });
    const settings = await management.context.projectSettings.get(projectId);
    expect(settings.limits.project.dailyNano).toBeUndefined();
    const audits = await management.context.prisma.auditEvent.findMany({
      where: { projectId, action: 'budget.update' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audits).toHaveLength(2);
    expect(audits[1]!.details).toEqual({
      previous: { dailyUsd: 5, monthlyUsd: 50, softAlertRatio: 0.8 },
      current: { dailyUsd: null, monthlyUsd: 50, softAlertRatio: 0.8 },
    });
  });

  it('refuses negative limits, ratios above one and misspelt fields', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    for (const body of [{ dailyUsd: -1 }, { softAlertRatio: 1.5 }, { dailyUSD: 5 }, { monthlyUsd: '10' }]) {
      const response = await management.call('PUT', `/api/v1/projects/${projectId}/budget`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
  });

  it('refuses a limit finer than the 4 decimals it is stored with, naming the field', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const refused = await management.call('PUT', `/api/v1/projects/${projectId}/budget`, {
      dailyUsd: 0.00001,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/dailyUsd.*4 decimals/);
    const accepted = await management.call('PUT', `/api/v1/projects/${projectId}/budget`, {
      dailyUsd: 1.2345,
    });
    expect(accepted.statusCode).toBe(200);
  });

  it('sets an organization budget that every project of the organization picks up', async () => {
    const { organizationId, projectId } = await createOrganizationAndProject(management);
    await management.context.projectSettings.get(projectId);
    const response = await management.call('PUT', `/api/v1/orgs/${organizationId}/budget`, {
      monthlyUsd: 1000,
    });
    expect(response.statusCode).toBe(200);
    const settings = await management.context.projectSettings.get(projectId);
    expect(settings.limits.organization).toEqual({ monthlyNano: 1_000_000_000_000, softAlertRatio: 0.8 });
    const organization = await management.call('GET', `/api/v1/orgs/${organizationId}`);
    expect(organization.json().budget).toEqual({ dailyUsd: null, monthlyUsd: 1000, softAlertRatio: 0.8 });
  });

  it('answers 404 for the budget of an unknown project or organization', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    expect(
      (await management.call('PUT', `/api/v1/projects/${unknownId}/budget`, { dailyUsd: 1 })).statusCode,
    ).toBe(404);
    expect(
      (await management.call('PUT', `/api/v1/orgs/${unknownId}/budget`, { dailyUsd: 1 })).statusCode,
    ).toBe(404);
  });
});

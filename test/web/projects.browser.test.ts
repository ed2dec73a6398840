import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { reviewRequest } from '../support/review-request.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe("the organization page's projects table", () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('shows each project’s last event, last job (live) and the agents its configuration enables', async () => {
    await withScreenshotOnFailure(page, 'projects-status', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard, {
        project: 'acme/widgets',
      });
      const other = await switchyard.call('POST', '/api/v1/projects', {
        orgId: organizationId,
        name: 'acme/docs',
      });
      expect(other.statusCode).toBe(201);
      const { prisma, deliveries, projects, jobs } = switchyard.context;
      // As the GitHub App's first event makes it: a GitHub repository, then its events and a job's config read.
      await prisma.project.update({
        where: { id: projectId },
        data: { platform: 'github', externalId: String(Date.now()) },
      });
      await deliveries.recordMany([
        { platform: 'github', deliveryId: randomUUID(), event: 'pull_request.opened', projectId },
      ]);
      await projects.recordRepositoryConfig(projectId, {
        source: 'file',
        commandPrefix: '@bot',
        agents: [
          { agent: 'review', triggers: ['opened', 'ready_for_review', 'command'] },
          { agent: 'ask', triggers: ['command'] },
        ],
      });
      await projects.recordRepositoryConfig(other.json().id, { source: 'invalid', agents: [] });

      await openAsNewUser(page, switchyard, organizationId, 'viewer');
      const streams: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/api/v1/events?')) streams.push(request.url());
      });
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}`);
      const table = page.getByRole('region', { name: 'Projects' });
      const widgets = table.getByRole('row').filter({ hasText: 'acme/widgets' });
      await widgets.getByText('pull_request.opened').waitFor();
      expect(await widgets.getByRole('link', { name: 'Repository on GitHub' }).getAttribute('href')).toBe(
        'https://github.com/acme/widgets',
      );
      await widgets.getByText('on opened, ready for review; by command').waitFor();
      await widgets.getByText('From .switchyard.yml, commands start with @bot').waitFor();
      await widgets.getByText('No jobs yet').waitFor();
      const docs = table.getByRole('row').filter({ hasText: 'acme/docs' });
      await docs.getByText('.switchyard.yml has problems: the defaults apply').waitFor();
      await docs.getByText('No events yet').waitFor();
      expect(await docs.getByRole('link', { name: /Repository on/ }).count()).toBe(0);

      // A job enqueued now shows up in its row without a reload.
      let navigations = 0;
      page.on('framenavigated', () => navigations++);
      await jobs.enqueue(reviewRequest(organizationId, projectId, 5));
      await widgets.getByText('queued', { exact: true }).waitFor({ timeout: 10_000 });
      expect(navigations).toBe(0);
      // The projects table and the usage panel listen through one event stream.
      expect(streams).toHaveLength(1);
      await page.screenshot({ path: `${screenshotDirectory}/projects.png`, fullPage: true });
    });
  });

  it('shows a viewer the settings without offering changes the API would refuse', async () => {
    await withScreenshotOnFailure(page, 'project-read-only', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await switchyard.call('PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: 5, monthlyUsd: null });
      await switchyard.call('PUT', `/api/v1/projects/${projectId}/providers/openai`, {
        kind: 'openai',
        apiKey: 'sk-read-only-view-0123456789',
      });
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'viewer');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const budget = page.getByRole('form', { name: 'Budget' });
      const daily = budget.getByLabel('Daily limit (USD)');
      await daily.waitFor();
      expect(await daily.inputValue()).toBe('5');
      expect(await daily.isDisabled()).toBe(true);
      expect(await budget.getByRole('button', { name: 'Save budget' }).count()).toBe(0);
      await budget.getByText('Changing budgets takes the admin or owner role.').waitFor();
      const providers = page.getByRole('region', { name: 'Providers' });
      await providers.getByText('sk-…6789').waitFor();
      expect(await providers.getByRole('button').count()).toBe(0);
      await providers.getByText(/Adding, testing, replacing and removing keys takes the admin/).waitFor();
      await page.getByText('Changing routing takes the admin or owner role.').waitFor();
      expect(await page.getByRole('button', { name: 'Save routing' }).count()).toBe(0);
      await page.screenshot({ path: `${screenshotDirectory}/project-viewer.png`, fullPage: true });

      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'admin');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      await page.getByRole('form', { name: 'Budget' }).getByRole('button', { name: 'Save budget' }).waitFor();
      expect(
        await page.getByRole('form', { name: 'Budget' }).getByLabel('Daily limit (USD)').isDisabled(),
      ).toBe(false);
      await page.getByRole('button', { name: 'Save routing' }).waitFor();
    });
  });
});

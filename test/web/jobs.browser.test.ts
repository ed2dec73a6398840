import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createEventPublisher } from '../../core/events/publish-event.js';
import { recordJobRun } from '../../core/jobs/record-job-run.js';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { reviewRequest } from '../support/review-request.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe('the jobs page', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('shows a new job as it is enqueued, without a reload', async () => {
    await withScreenshotOnFailure(page, 'job-appears-live', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard, {
        project: 'acme/widgets',
      });
      await openAsNewUser(page, switchyard, organizationId, 'member');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      await page.getByText('No jobs yet').waitFor();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      let navigations = 0;
      page.on('framenavigated', () => navigations++);

      await switchyard.context.jobs.enqueue(reviewRequest(organizationId, projectId, 42));

      const row = page.getByRole('row').filter({ hasText: 'acme/widgets #42' });
      await row.waitFor({ timeout: 10_000 });
      await row.getByText('queued').waitFor();
      await row.getByText('review').waitFor();
      expect(navigations).toBe(0);
      await page.screenshot({ path: `${screenshotDirectory}/jobs.png` });
    });
  });

  it("shows the API's refusal when a viewer re-runs a job", async () => {
    await withScreenshotOnFailure(page, 'job-rerun-viewer', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await switchyard.context.jobs.enqueue(reviewRequest(organizationId, projectId, 7));
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'viewer');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      const row = page.getByRole('row').filter({ hasText: 'acme/widgets #7' });
      await row.getByRole('button', { name: /Re-run/ }).click();
      const alert = row.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/member|role|permission|forbidden/i);
    });
  });

  it("changes a job's status live when it is cancelled", async () => {
    await withScreenshotOnFailure(page, 'job-cancelled-live', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'member');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      let navigations = 0;
      page.on('framenavigated', () => navigations++);

      const { jobId } = await switchyard.context.jobs.enqueue(reviewRequest(organizationId, projectId, 11));
      const row = page.locator(`tr[data-job-id="${jobId}"]`);
      await row.getByText('queued', { exact: true }).waitFor({ timeout: 10_000 });

      expect(await switchyard.context.jobs.cancel(jobId, projectId)).toBe(true);
      await row.getByText('cancelled', { exact: true }).waitFor({ timeout: 10_000 });
      expect(await row.getByText('queued', { exact: true }).count()).toBe(0);
      expect(navigations).toBe(0);
    });
  });

  it('shows the error of a job that failed, live', async () => {
    await withScreenshotOnFailure(page, 'job-failed-live', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'member');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      await page.getByText('No jobs yet').waitFor();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

      const { prisma, redis, environment, logger } = switchyard.context;
      const events = createEventPublisher({ redis, keyPrefix: environment.REDIS_KEY_PREFIX, logger });
      const jobId = `failed-${randomBytes(6).toString('hex')}`;
      const request = reviewRequest(organizationId, projectId, 13);
      await recordJobRun(prisma, { jobId, projectId, status: 'queued', request }, events);
      const row = page.locator(`tr[data-job-id="${jobId}"]`);
      await row.getByText('queued', { exact: true }).waitFor({ timeout: 10_000 });
      await recordJobRun(prisma, { jobId, projectId, status: 'running', request }, events);
      await row.getByText('running', { exact: true }).waitFor({ timeout: 10_000 });

      await recordJobRun(
        prisma,
        {
          jobId,
          projectId,
          status: 'failed',
          error: {
            code: 'provider.unavailable',
            message: 'Every candidate model failed: openai answered 503',
          },
        },
        events,
      );
      await row.getByText('failed', { exact: true }).waitFor({ timeout: 10_000 });
      await row.getByText('Every candidate model failed: openai answered 503').waitFor({ timeout: 10_000 });
      await row.getByText('provider.unavailable').waitFor();
      await page.screenshot({ path: `${screenshotDirectory}/jobs-failed.png` });
    });
  });

  it('catches up on jobs enqueued while its live connection was down', async () => {
    await withScreenshotOnFailure(page, 'jobs-reconnect', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard, {
        project: 'acme/offline',
      });
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'member');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      const live = page.getByRole('status').filter({ hasText: 'Live' });
      await live.waitFor();

      // The stream drops (a proxy restart, say) and reconnecting fails until the network is back.
      await page.route('**/api/v1/events?*', (route) => route.abort('connectionreset'));
      switchyard.server.server.closeAllConnections();
      await page
        .getByRole('status')
        .filter({ hasText: /Reconnecting/i })
        .waitFor({ timeout: 10_000 });
      // Its event is published while the page cannot hear it.
      await switchyard.context.jobs.enqueue(reviewRequest(organizationId, projectId, 77));
      await page.unroute('**/api/v1/events?*');

      await live.waitFor({ timeout: 15_000 });
      await page.getByRole('row').filter({ hasText: 'acme/widgets #77' }).waitFor({ timeout: 10_000 });
    });
  });

  it('keeps a live status newer than a page read that was in flight when it arrived', async () => {
    await withScreenshotOnFailure(page, 'jobs-stale-read', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'member');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      await page.getByText('No jobs yet').waitFor();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

      // The read the new job's event starts is answered from the database at once (the job is queued
      // there) but reaches the page only after the job's next event.
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const jobsRead = `**/api/v1/orgs/${organizationId}/jobs?*`;
      await page.route(jobsRead, async (route) => {
        const response = await route.fetch();
        await released;
        await route.fulfill({ response });
      });
      const { prisma, redis, environment, logger } = switchyard.context;
      const events = createEventPublisher({ redis, keyPrefix: environment.REDIS_KEY_PREFIX, logger });
      const jobId = `raced-${randomBytes(6).toString('hex')}`;
      const request = reviewRequest(organizationId, projectId, 21);
      await recordJobRun(prisma, { jobId, projectId, status: 'queued', request }, events);
      const row = page.locator(`tr[data-job-id="${jobId}"]`);
      await row.getByText('queued', { exact: true }).waitFor({ timeout: 10_000 });
      await recordJobRun(prisma, { jobId, projectId, status: 'running', request }, events);
      await row.getByText('running', { exact: true }).waitFor({ timeout: 10_000 });
      release();
      await page.waitForResponse(jobsRead);
      await page.unroute(jobsRead);
      // The read said queued; the page keeps the newer running (and the read's details).
      await row.getByText('acme/widgets #21', { exact: true }).waitFor();
      expect(await row.getByText('running', { exact: true }).count()).toBe(1);
      expect(await row.getByText('queued', { exact: true }).count()).toBe(0);
    });
  });

  it('filters by agent, and keeps new jobs of other agents out of the filtered list', async () => {
    await withScreenshotOnFailure(page, 'jobs-agent-filter', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await switchyard.context.jobs.enqueue(reviewRequest(organizationId, projectId, 31));
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'member');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      await page.getByRole('row').filter({ hasText: 'acme/widgets #31' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

      await page.getByLabel('Agent').selectOption('config');
      await page.getByText('No jobs match these filters').waitFor();
      // A review started now is heard live, but it is no config job.
      await switchyard.context.jobs.enqueue(reviewRequest(organizationId, projectId, 32));
      await page.waitForResponse((response) => response.url().includes('agent=config'));
      await page.getByText('No jobs match these filters').waitFor();
      expect(await page.getByRole('row').filter({ hasText: 'acme/widgets #32' }).count()).toBe(0);

      await page.getByLabel('Agent').selectOption('review');
      await page.getByRole('row').filter({ hasText: 'acme/widgets #32' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'acme/widgets #31' }).waitFor();
    });
  });
});

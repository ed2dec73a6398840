import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { recordJobRun } from '../../core/jobs/record-job-run.js';
import { expectAccessible } from '../support/expect-accessible.js';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import {
  laptopViewport,
  openAsNewUser,
  type SettingsPageSession,
  startSettingsPageSession,
} from '../support/open-settings-page.js';
import { reviewRequest } from '../support/review-request.js';
import { createSignedInUser } from '../support/sign-in-user.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';
import { usageEventRow } from '../support/usage-event-row.js';

describe('the accessibility of every settings page (WCAG 2.1 AA, axe-core)', () => {
  let switchyard: ManagementServer;
  let page: Page;
  let session: SettingsPageSession;
  let organizationId: string;
  let projectId: string;
  /** Uncaught errors in the page: a page that crashed to blank would pass every rule. */
  const pageErrors: string[] = [];

  async function checkScreen(screen: string) {
    expect(pageErrors).toEqual([]);
    await expectAccessible(page, screen);
  }

  /** An admin request that must succeed: a screen silently missing its seeded data would test less. */
  async function seed(method: string, url: string, body?: unknown) {
    const response = await switchyard.call(method, url, body);
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response;
  }

  /** What a busy organization has: usage, providers, routing, keys, a Slack channel, jobs in every state. */
  async function seedOrganization() {
    ({ organizationId, projectId } = await createOrganizationAndProject(switchyard, {
      organization: 'Acme Robotics',
      project: 'acme/widgets',
    }));
    const { prisma } = switchyard.context;
    for (const [provider, model, costUsd, agent] of [
      ['openai', 'gpt-4.1-mini', '0.012', 'review'],
      ['openai', 'gpt-4.1-mini', '0.008', 'describe'],
      ['anthropic', 'claude-sonnet-4', '0.031', null],
    ] as const) {
      await prisma.usageEvent.create({
        data: usageEventRow(
          { organizationId, projectId },
          {
            source: agent ? 'job' : 'gateway',
            agent,
            provider,
            model,
            inputTokens: 1200,
            outputTokens: 300,
            costUsd,
            latencyMs: 640,
          },
        ),
      });
    }
    const project = `/api/v1/projects/${projectId}`;
    await seed('PUT', `${project}/providers/openai`, {
      kind: 'openai',
      apiKey: 'sk-a11y-0123456789',
    });
    // Its base URL answers 404 (Switchyard itself), so "Test" shows a failure without leaving the machine.
    await seed('PUT', `${project}/providers/groq`, {
      kind: 'openai-compatible',
      apiKey: 'gsk-a11y-0123456789',
      baseUrl: `${switchyard.origin}/no-provider-here/v1`,
    });
    await seed('PUT', `${project}/routing`, {
      policy: 'fallback',
      models: ['openai:gpt-4.1-mini', 'anthropic:claude-sonnet-4'],
    });
    await seed('POST', `${project}/keys`, { name: 'ci' });
    const revoked = await seed('POST', `${project}/keys`, { name: 'old-laptop' });
    await seed('DELETE', `${project}/keys/${revoked.json().id}`);
    await seed('PUT', `${project}/alert-channels`, {
      channels: [{ teamId: 'T024BE7LD', channelId: 'C024BE91L' }],
    });
    await seed('PUT', `/api/v1/orgs/${organizationId}/budget`, {
      dailyUsd: 5,
      monthlyUsd: 100,
      softAlertRatio: 0.8,
    });

    await switchyard.context.jobs.enqueue(reviewRequest(organizationId, projectId, 1));
    const runs = [
      { status: 'succeeded', costUsd: 0.02, resultUrl: 'https://github.com/acme/widgets/pull/2' },
      { status: 'failed', error: { code: 'provider.unavailable', message: 'openai answered 503' } },
      { status: 'cancelled' },
    ] as const;
    for (const [index, run] of runs.entries()) {
      const jobId = `a11y-${index}-${randomBytes(4).toString('hex')}`;
      const request = reviewRequest(organizationId, projectId, index + 2);
      await recordJobRun(prisma, { jobId, projectId, status: 'running', request });
      await recordJobRun(prisma, { jobId, projectId, ...run });
    }
    await createSignedInUser(switchyard, organizationId, 'viewer');
  }

  /** Saves a full-page screenshot to look at after a colour change. */
  async function screenshot(name: string) {
    mkdirSync(screenshotDirectory, { recursive: true });
    // Without the focus ring the Tab walk left behind.
    await page.evaluate(() => {
      (
        globalThis as unknown as { document: { activeElement: { blur?(): void } | null } }
      ).document.activeElement?.blur?.();
    });
    await page.screenshot({ path: `${screenshotDirectory}/${name}.png`, fullPage: true });
  }

  beforeAll(async () => {
    session = await startSettingsPageSession();
    ({ switchyard, page } = session);
    await page.setViewportSize(laptopViewport);
    // Fail a step (with a screenshot) well before jest's 30 s test timeout.
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await seedOrganization();
  });
  afterAll(() => session?.close());

  it('has no violations on the sign-in page', async () => {
    await withScreenshotOnFailure(page, 'a11y-sign-in', async () => {
      await page.goto(`${switchyard.origin}/`);
      await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
      await checkScreen('sign-in');
    });
  });

  it('has no violations on the sign-in page with a wrong-password error', async () => {
    await withScreenshotOnFailure(page, 'a11y-sign-in-error', async () => {
      await page.getByLabel('Email').fill('nobody@example.test');
      await page.getByLabel('Password').fill('not-the-password-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await checkScreen('sign-in with an error');
    });
  });

  it('has no violations on the organization list', async () => {
    await withScreenshotOnFailure(page, 'a11y-organizations', async () => {
      await openAsNewUser(page, switchyard, organizationId, 'owner');
      await page.getByRole('link', { name: 'Acme Robotics' }).first().waitFor();
      await checkScreen('organization list');
    });
  });

  it('has no violations on the organization page', async () => {
    await withScreenshotOnFailure(page, 'a11y-organization', async () => {
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}`);
      await page.getByRole('heading', { name: 'Acme Robotics', level: 1 }).waitFor();
      await page.getByRole('row').filter({ hasText: 'acme/widgets' }).locator('.badge').waitFor();
      await page.getByRole('region', { name: 'Organization usage' }).locator('canvas').waitFor();
      await checkScreen('organization page');
      await screenshot('a11y-organization');
    });
  });

  it('has no violations on the project page, with a new key shown once and a provider test result', async () => {
    await withScreenshotOnFailure(page, 'a11y-project', async () => {
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      await page.getByRole('heading', { name: 'acme/widgets', level: 1 }).waitFor();
      await page.getByRole('region', { name: 'Usage' }).locator('canvas').waitFor();
      const keys = page.getByRole('region', { name: 'API keys' });
      await keys.getByRole('table').waitFor();
      await page.getByRole('region', { name: 'Alerts go to' }).getByText('T024BE7LD / C024BE91L').waitFor();
      await checkScreen('project page');

      await keys.getByLabel('Name').fill('staging');
      await keys.getByRole('button', { name: 'Create key' }).click();
      await keys.getByLabel('New API key staging').waitFor();
      const groq = page.getByRole('row').filter({ hasText: 'groq' });
      await groq.getByRole('button', { name: 'Test groq' }).click();
      await groq.getByRole('alert').filter({ hasText: 'Failed' }).waitFor();
      await page.getByRole('region', { name: 'Usage' }).getByText('Show cost per day as a table').click();
      await checkScreen('project page with a one-time key and a test result');
      await screenshot('a11y-project');
    });
  });

  it('has no violations on the jobs page', async () => {
    await withScreenshotOnFailure(page, 'a11y-jobs', async () => {
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
      await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
      await page.getByText('openai answered 503').waitFor();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      await checkScreen('jobs page');
      await screenshot('a11y-jobs');
    });
  });

  it('has no violations on the audit log', async () => {
    await withScreenshotOnFailure(page, 'a11y-audit', async () => {
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/audit`);
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      await page.getByRole('table', { name: 'Audit events' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'budget' }).first().getByText('Show').click();
      await checkScreen('audit log');
      await screenshot('a11y-audit');
    });
  });

  it('has no violations on the members page, with an invite link shown once', async () => {
    await withScreenshotOnFailure(page, 'a11y-members', async () => {
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/members`);
      await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
      await page.getByRole('combobox', { name: /Role of viewer-/ }).waitFor();
      await checkScreen('members page');

      const invite = page.getByRole('form', { name: 'Invite someone' });
      await invite.getByLabel('Email').fill('ada@example.test');
      await invite.getByRole('button', { name: 'Create invite link' }).click();
      await invite.getByLabel(/Invite link for ada@example.test/).waitFor();
      await checkScreen('members page with an invite link');
      await screenshot('a11y-members');
    });
  });

  it('has no violations on the project page as a viewer, who sees it read-only', async () => {
    await withScreenshotOnFailure(page, 'a11y-project-viewer', async () => {
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'viewer');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      await page.getByRole('heading', { name: 'acme/widgets', level: 1 }).waitFor();
      await page.getByRole('region', { name: 'Usage' }).locator('canvas').waitFor();
      await page.getByRole('region', { name: 'API keys' }).getByRole('table').waitFor();
      await checkScreen('project page as a viewer');
      await screenshot('a11y-project-viewer');
    });
  });
});

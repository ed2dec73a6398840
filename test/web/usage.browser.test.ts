import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';
import { usageEventRow } from '../support/usage-event-row.js';

describe('the usage section', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  /** Records a successful gateway call; `firstTried` differs from the model that served it for a failover. */
  async function recordCall(
    ids: { organizationId: string; projectId: string },
    call: { provider: string; model: string; latencyMs: number; costUsd: string; firstTried?: string },
  ) {
    const served = `${call.provider}:${call.model}`;
    const attempts = call.firstTried
      ? [
          { candidate: call.firstTried, outcome: 'error' },
          { candidate: served, outcome: 'success' },
        ]
      : [{ candidate: served, outcome: 'success' }];
    await switchyard.context.prisma.usageEvent.create({
      data: usageEventRow(ids, {
        provider: call.provider,
        model: call.model,
        outputTokens: 20,
        costUsd: call.costUsd,
        latencyMs: call.latencyMs,
        attempts,
      }),
    });
  }

  it('shows an empty state instead of a chart when nothing was spent', async () => {
    await withScreenshotOnFailure(page, 'usage-empty', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await openAsNewUser(page, switchyard, organizationId, 'viewer');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const usage = page.getByRole('region', { name: 'Usage' });
      await usage.getByText(/No spend from/).waitFor();
      expect(await usage.locator('canvas').count()).toBe(0);
      expect(await usage.getByRole('term').allTextContents()).toContain('p95 latency');
      await page.screenshot({ path: `${screenshotDirectory}/usage-empty.png` });
    });
  });

  it('shows p50/p95 latency and failovers in the totals and the breakdown', async () => {
    await withScreenshotOnFailure(page, 'usage-latency', async () => {
      const ids = await createOrganizationAndProject(switchyard);
      for (const latencyMs of [100, 200, 300, 400]) {
        await recordCall(ids, { provider: 'openai', model: 'gpt-4.1-mini', latencyMs, costUsd: '0.01' });
      }
      await recordCall(ids, {
        provider: 'anthropic',
        model: 'claude-sonnet-4',
        latencyMs: 1000,
        costUsd: '0.02',
        firstTried: 'openai:gpt-4.1-mini',
      });
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, ids.organizationId, 'viewer');
      await page.goto(`${switchyard.origin}/#/projects/${ids.projectId}`);
      const usage = page.getByRole('region', { name: 'Usage' });
      await usage.locator('canvas').waitFor();
      const stat = (term: string) =>
        usage
          .locator('.stats > div')
          .filter({ has: page.getByRole('term').getByText(term, { exact: true }) });
      expect(await stat('p50 latency').getByRole('definition').textContent()).toBe('300 ms');
      expect(await stat('p95 latency').getByRole('definition').textContent()).toBe('880 ms');
      expect(await stat('Failovers').getByRole('definition').textContent()).toBe('1');

      const breakdown = usage.getByRole('table', { name: 'Breakdown by provider' });
      const headers = await breakdown.getByRole('columnheader').allTextContents();
      expect(headers).toEqual(expect.arrayContaining(['p50 latency', 'p95 latency', 'Failovers']));
      const anthropic = breakdown.getByRole('row').filter({ hasText: 'anthropic' });
      expect(await anthropic.getByRole('cell').allTextContents()).toEqual([
        '1',
        '100',
        '20',
        '$0.02',
        '1,000 ms',
        '1,000 ms',
        '1',
      ]);
      const openai = breakdown.getByRole('row').filter({ hasText: 'openai' });
      expect(await openai.getByRole('cell').allTextContents()).toEqual([
        '4',
        '400',
        '80',
        '$0.04',
        '250 ms',
        '385 ms',
        '0',
      ]);
      await page.screenshot({ path: `${screenshotDirectory}/usage-latency.png`, fullPage: true });
    });
  });
});

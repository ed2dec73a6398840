import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';
import { usageEventRow } from '../support/usage-event-row.js';

describe("the organization page's usage panel", () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  async function recordCall(
    ids: { organizationId: string; projectId: string },
    call: { provider: string; model: string; costUsd: string },
  ) {
    await switchyard.context.prisma.usageEvent.create({
      data: usageEventRow(ids, { ...call, outputTokens: 20, latencyMs: 200 }),
    });
  }

  it('sums every project and breaks the usage down per project', async () => {
    await withScreenshotOnFailure(page, 'organization-usage', async () => {
      const suffix = randomUUID().slice(0, 6);
      const first = await createOrganizationAndProject(switchyard, { project: `web-${suffix}` });
      const created = await switchyard.call('POST', '/api/v1/projects', {
        orgId: first.organizationId,
        name: `api-${suffix}`,
      });
      const second = { organizationId: first.organizationId, projectId: created.json().id as string };
      await recordCall(first, { provider: 'openai', model: 'gpt-4.1-mini', costUsd: '0.01' });
      await recordCall(first, { provider: 'openai', model: 'gpt-4.1-mini', costUsd: '0.01' });
      await recordCall(second, { provider: 'anthropic', model: 'claude-sonnet-4', costUsd: '0.05' });

      await openAsNewUser(page, switchyard, first.organizationId, 'viewer');
      await page.goto(`${switchyard.origin}/#/orgs/${first.organizationId}`);
      const usage = page.getByRole('region', { name: 'Organization usage' });
      await usage.locator('canvas').waitFor();
      const stat = (term: string) =>
        usage
          .locator('.stats > div')
          .filter({ has: page.getByRole('term').getByText(term, { exact: true }) });
      expect(await stat('Cost').getByRole('definition').textContent()).toBe('$0.07');
      expect(await stat('Requests').getByRole('definition').textContent()).toBe('3');
      // The export covers every project of the organization, for the range shown.
      const exportLink = usage.getByRole('link', { name: 'Export CSV' });
      expect(await exportLink.getAttribute('href')).toMatch(
        new RegExp(`^/api/v1/orgs/${first.organizationId}/usage\\.csv\\?from=\\d{4}-\\d{2}-\\d{2}&to=`),
      );
      const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
      expect(download.suggestedFilename()).toMatch(
        new RegExp(`^usage-org-${first.organizationId}-.*\\.csv$`),
      );
      const lines = (await readFile((await download.path()) as string, 'utf8')).trim().split('\r\n');
      expect(lines[0]).toMatch(/^day,project,project_id,provider,/);
      expect(
        lines
          .slice(1)
          .map((line) => line.split(',')[1])
          .sort(),
      ).toEqual([`api-${suffix}`, `web-${suffix}`]);

      const breakdown = usage.getByRole('table', { name: 'Breakdown by project' });
      await breakdown.waitFor();
      const rowHeaders = await breakdown.getByRole('rowheader').allTextContents();
      // Most expensive first.
      expect(rowHeaders).toEqual([`api-${suffix}`, `web-${suffix}`]);
      const web = breakdown.getByRole('row').filter({ hasText: `web-${suffix}` });
      expect((await web.getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
        '2',
        '200',
        '40',
        '$0.02',
      ]);
      const api = breakdown.getByRole('row').filter({ hasText: `api-${suffix}` });
      expect((await api.getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
        '1',
        '100',
        '20',
        '$0.05',
      ]);
      expect(await api.getByRole('link', { name: `api-${suffix}` }).getAttribute('href')).toBe(
        `#/projects/${second.projectId}`,
      );

      await usage.getByRole('button', { name: 'Provider' }).click();
      const byProvider = usage.getByRole('table', { name: 'Breakdown by provider' });
      await byProvider.waitFor();
      expect(await byProvider.getByRole('rowheader').allTextContents()).toEqual(['anthropic', 'openai']);
      await page.screenshot({ path: `${screenshotDirectory}/organization-usage.png`, fullPage: true });
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { type FakeOpenAI, startFakeOpenAI } from '../fakes/openai-server.js';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

const upstreamSecret = 'sk-browser-budget-upstream-123456';

describe('a budget set on the settings page', () => {
  let upstream: FakeOpenAI;
  let switchyard: ManagementServer;
  let page: Page;
  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: upstreamSecret });
  });
  afterAll(() => upstream?.close());
  useSettingsPageSession((session) => ({ switchyard, page } = session), { ROUTER_MAX_RETRY_WAIT_MS: '0' });

  it('is enforced on the next gateway call', async () => {
    await withScreenshotOnFailure(page, 'budget-enforced', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      // The project's own provider is the fake OpenAI; its routing uses only that provider.
      const provider = await switchyard.call('PUT', `/api/v1/projects/${projectId}/providers/openai`, {
        kind: 'openai',
        apiKey: upstreamSecret,
        baseUrl: upstream.baseUrl,
      });
      expect(provider.statusCode).toBe(200);
      const routing = await switchyard.call('PUT', `/api/v1/projects/${projectId}/routing`, {
        policy: 'fallback',
        models: ['openai:gpt-4.1-mini'],
      });
      expect(routing.statusCode).toBe(200);
      const key = await switchyard.call('POST', `/api/v1/projects/${projectId}/keys`, {
        name: 'browser-test',
      });
      const client = new OpenAI({
        baseURL: `${switchyard.origin}/v1`,
        apiKey: key.json().key,
        maxRetries: 0,
      });
      const ask = () =>
        client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] });
      // About $0.0056 spent today (gpt-4.1-mini), more than the limit set below.
      upstream.script('gpt-4.1-mini', [
        { kind: 'reply', usage: { inputTokens: 10_000, outputTokens: 1_000 } },
      ]);
      await ask();

      await openAsNewUser(page, switchyard, organizationId, 'admin');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const budget = page.getByRole('form', { name: 'Budget' });
      await budget.getByLabel('Daily limit (USD)').fill('0.001');
      await budget.getByRole('button', { name: 'Save budget' }).click();
      await budget.getByRole('status').filter({ hasText: 'Budget saved' }).waitFor();

      await expect(ask()).rejects.toMatchObject({ status: 402, code: 'budget_exceeded' });

      // The page shows the limit it stored, also after a reload.
      await page.reload();
      const reloaded = page.getByRole('form', { name: 'Budget' }).getByLabel('Daily limit (USD)');
      await reloaded.waitFor();
      expect(await reloaded.inputValue()).toBe('0.001');
      // The usage section shows the call that was made (and the refused one, at no cost).
      const usage = page.getByRole('region', { name: 'Usage' });
      await usage.getByRole('rowheader', { name: 'openai', exact: true }).waitFor();
      expect(await usage.getByRole('term').allTextContents()).toEqual([
        'Cost',
        'Requests',
        'Input tokens',
        'Output tokens',
        'p50 latency',
        'p95 latency',
        'Failovers',
      ]);
      await page.screenshot({ path: `${screenshotDirectory}/project-usage.png` });
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { type FakeOpenAI, startFakeOpenAI } from '../fakes/openai-server.js';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe('provider credentials on the settings page', () => {
  let switchyard: ManagementServer;
  let page: Page;
  let upstream: FakeOpenAI;
  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: 'sk-provider-test-upstream-0042' });
  });
  afterAll(() => upstream?.close());
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('adds a provider key and shows it only masked, also after a reload', async () => {
    await withScreenshotOnFailure(page, 'provider-key-masked', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await openAsNewUser(page, switchyard, organizationId, 'admin');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const providers = page.getByRole('region', { name: 'Providers' });
      await providers.getByText('No provider credentials yet').waitFor();

      const secret = 'gsk-browser-test-secret-9f8e7d6c';
      const form = providers.getByRole('form', { name: 'Add a provider' });
      await form.getByLabel('Name').fill('groq');
      await form.getByLabel('Kind').selectOption('openai-compatible');
      await form.getByLabel('Base URL (optional)').fill('https://api.groq.com/openai/v1');
      const keyInput = form.getByLabel('API key');
      expect(await keyInput.getAttribute('type')).toBe('password');
      await keyInput.fill(secret);
      await form.getByRole('button', { name: 'Save provider' }).click();

      const row = providers.getByRole('row').filter({ hasText: 'groq' });
      await row.getByText('openai-compatible').waitFor();
      const hint = await row.locator('code').textContent();
      expect(hint).toContain('…');
      expect(hint).not.toContain(secret);
      expect(await keyInput.inputValue()).toBe('');

      await page.reload();
      const reloaded = page
        .getByRole('region', { name: 'Providers' })
        .getByRole('row')
        .filter({ hasText: 'groq' });
      await reloaded.waitFor();
      expect(await reloaded.locator('code').textContent()).toBe(hint);
      expect(await page.content()).not.toContain(secret);
      await page.screenshot({ path: `${screenshotDirectory}/project.png`, fullPage: true });
    });
  });

  it('tests a saved credential with one call and shows the answer', async () => {
    await withScreenshotOnFailure(page, 'provider-test-button', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'admin');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const providers = page.getByRole('region', { name: 'Providers' });
      const form = providers.getByRole('form', { name: 'Add a provider' });
      await form.getByLabel('Name').fill('openai');
      await form.getByLabel('Base URL (optional)').fill(upstream.baseUrl);
      await form.getByLabel('API key').fill('sk-provider-test-upstream-0042');
      await form.getByRole('button', { name: 'Save provider' }).click();
      const row = providers.getByRole('row').filter({ hasText: 'from project' });
      await row.getByRole('button', { name: 'Test openai' }).click();
      await row.getByRole('status').filter({ hasText: 'Works' }).waitFor();
      expect(upstream.calls.length).toBeGreaterThan(0);
    });
  });
});

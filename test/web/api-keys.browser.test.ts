import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe('project API keys on the project page', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('creates a key shown once, lists it by prefix and revokes it', async () => {
    await withScreenshotOnFailure(page, 'api-keys-admin', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await openAsNewUser(page, switchyard, organizationId, 'admin');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const keys = page.getByRole('region', { name: 'API keys' });
      await keys.getByText('No API keys yet.').waitFor();

      const form = keys.getByRole('form', { name: 'Create a key' });
      await form.getByLabel('Name').fill('ci');
      await form.getByRole('button', { name: 'Create key' }).click();
      const shown = keys.getByLabel('New API key ci');
      await shown.waitFor();
      const key = await shown.inputValue();
      expect(key).toMatch(/^sy-/);
      await keys.getByText('Copy it now:').waitFor();
      const row = keys.getByRole('row').filter({ hasText: 'ci' });
      await row.waitFor();
      const [listed] = (await switchyard.call('GET', `/api/v1/projects/${projectId}/keys`)).json().keys;
      expect(await row.getByRole('code').textContent()).toBe(`${listed.prefix}…`);
      expect(key.startsWith(listed.prefix)).toBe(true);
      // The whole key appears nowhere but in the one-time box.
      expect(await page.locator('main').textContent()).not.toContain(key);
      await page.screenshot({ path: `${screenshotDirectory}/api-keys.png`, fullPage: true });

      await keys.getByRole('button', { name: 'Done' }).click();
      expect(await keys.getByLabel('New API key ci').count()).toBe(0);

      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: 'Revoke ci' }).click();
      await row.getByText(/^revoked/).waitFor();
      expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
      const [revoked] = (await switchyard.call('GET', `/api/v1/projects/${projectId}/keys`)).json().keys;
      expect(revoked.revokedAt).not.toBeNull();
    });
  });

  it('shows a member the list without the means to change it', async () => {
    await withScreenshotOnFailure(page, 'api-keys-member', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await switchyard.call('POST', `/api/v1/projects/${projectId}/keys`, { name: 'deploy' });
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'member');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const keys = page.getByRole('region', { name: 'API keys' });
      await keys.getByRole('rowheader', { name: 'deploy' }).waitFor();
      expect(await keys.getByRole('form', { name: 'Create a key' }).count()).toBe(0);
      expect(await keys.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe('the audit page', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('lists the budget change just made on the page, with who made it, and filters by action', async () => {
    await withScreenshotOnFailure(page, 'audit-entry', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard);
      const user = await openAsNewUser(page, switchyard, organizationId, 'owner');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}`);
      const budget = page.getByRole('form', { name: 'Organization budget' });
      await budget.getByLabel('Monthly limit (USD)').fill('250');
      await budget.getByRole('button', { name: 'Save budget' }).click();
      await budget.getByRole('status').filter({ hasText: 'Budget saved' }).waitFor();

      await page
        .getByRole('navigation', { name: 'Organization pages' })
        .getByRole('link', { name: 'Audit log' })
        .click();
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      await page.getByLabel('Action').fill('budget.update');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const row = page.getByRole('row').filter({ hasText: 'budget.update' }).first();
      await row.waitFor();
      expect(await row.textContent()).toContain(user.email);
      // Filtered: only budget changes are listed, not the sign-in that came before.
      const actions = await page.locator('table.audit tbody td:nth-child(3)').allTextContents();
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.every((action) => action.includes('budget'))).toBe(true);
      await page.screenshot({ path: `${screenshotDirectory}/audit.png` });
    });
  });
});

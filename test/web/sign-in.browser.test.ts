import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { laptopViewport, signInThroughPage, useSettingsPageSession } from '../support/open-settings-page.js';
import { createSignedInUser } from '../support/sign-in-user.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe('signing in to the settings page', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));
  beforeAll(() => page.setViewportSize(laptopViewport));

  it('signs a user in with email and password, shows their role per organization, and signs them out', async () => {
    await withScreenshotOnFailure(page, 'sign-in-and-out', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard, {
        organization: 'Acme Robotics',
      });
      const user = await createSignedInUser(switchyard, organizationId, 'admin');
      await signInThroughPage(page, switchyard.origin, user.email, user.password);
      await page.getByText(user.email).waitFor();
      const card = page.getByRole('listitem').filter({ hasText: 'Acme Robotics' });
      await card.getByText('admin', { exact: true }).waitFor();
      await page.screenshot({ path: `${screenshotDirectory}/organizations.png` });

      await card.getByRole('link', { name: 'Acme Robotics' }).click();
      await page.getByRole('heading', { name: 'Acme Robotics', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Projects' }).waitFor();
      await page.getByRole('heading', { name: 'Organization budget' }).waitFor();
      await page.screenshot({ path: `${screenshotDirectory}/organization.png` });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
      // The session is gone on the server too, not only hidden.
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
    });
  });

  it('shows the API message for wrong credentials', async () => {
    await withScreenshotOnFailure(page, 'sign-in-wrong-password', async () => {
      await page.goto(`${switchyard.origin}/`);
      await page.getByLabel('Email').fill('nobody@example.test');
      await page.getByLabel('Password').fill('not-the-password-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/\S/);
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { useSettingsPageSession } from '../support/open-settings-page.js';
import type { ManagementServer } from '../support/start-switchyard.js';

// The page is built by `npm test` (build:web) before jest runs, as `npm start` builds it before serving.
describe('the settings page in Chromium', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('greets a visitor without a session with a labelled sign-in form', async () => {
    await withScreenshotOnFailure(page, 'sign-in-form', async () => {
      const response = await page.goto(`${switchyard.origin}/`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
      await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
      await page.getByLabel('Email').fill('nobody@example.com');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Whatever the API answers, the page shows its message, never a blank screen.
      await page.getByRole('alert').waitFor();
      await page.screenshot({ path: `${screenshotDirectory}/sign-in.png` });
    });
  });
});

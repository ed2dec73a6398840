import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe('where budget alerts go, on the project page', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('adds a Slack channel, shows an API error, and keeps the channel after a reload', async () => {
    await withScreenshotOnFailure(page, 'alert-channels', async () => {
      const { organizationId, projectId } = await createOrganizationAndProject(switchyard);
      await openAsNewUser(page, switchyard, organizationId, 'admin');
      await page.goto(`${switchyard.origin}/#/projects/${projectId}`);
      const section = page.getByRole('region', { name: 'Alerts go to' });
      await section.getByText('No Slack channel').waitFor();

      const form = section.getByRole('form', { name: 'Add a channel' });
      await form.getByLabel('Slack team id').fill('T0BROWSER');
      await form.getByLabel('Slack channel id').fill('#general');
      await form.getByRole('button', { name: 'Add channel' }).click();
      await section.getByRole('alert').filter({ hasText: 'channelId' }).waitFor();

      await form.getByLabel('Slack channel id').fill('C0BROWSER');
      await form.getByRole('button', { name: 'Add channel' }).click();
      await section.getByRole('listitem').filter({ hasText: 'C0BROWSER' }).waitFor();
      expect(await form.getByLabel('Slack channel id').inputValue()).toBe('');

      await page.reload();
      const reloaded = page.getByRole('region', { name: 'Alerts go to' });
      await reloaded.getByRole('listitem').filter({ hasText: 'T0BROWSER / C0BROWSER' }).waitFor();
      const stored = await switchyard.call('GET', `/api/v1/projects/${projectId}/alert-channels`);
      expect(stored.json().channels).toEqual([
        expect.objectContaining({ teamId: 'T0BROWSER', channelId: 'C0BROWSER' }),
      ]);

      await reloaded.getByRole('button', { name: 'Remove C0BROWSER' }).click();
      await reloaded.getByText('No Slack channel').waitFor();
    });
  });
});

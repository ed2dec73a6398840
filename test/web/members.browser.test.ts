import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { openAsNewUser, useSettingsPageSession } from '../support/open-settings-page.js';
import { createSignedInUser } from '../support/sign-in-user.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

describe('the members screen', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('shows an invite link once, with a copy button', async () => {
    await withScreenshotOnFailure(page, 'members-invite', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard);
      const owner = await openAsNewUser(page, switchyard, organizationId, 'owner');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}`);
      await page
        .getByRole('navigation', { name: 'Organization pages' })
        .getByRole('link', { name: 'Members' })
        .click();
      await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
      const me = page.getByRole('row').filter({ hasText: owner.email });
      expect(await me.getByRole('combobox', { name: `Role of ${owner.email}` }).inputValue()).toBe('owner');

      const invite = page.getByRole('form', { name: 'Invite someone' });
      await invite.getByLabel('Email').fill('ada@example.test');
      await invite.getByLabel('Role').selectOption('admin');
      await invite.getByRole('button', { name: 'Create invite link' }).click();
      const link = invite.getByLabel('Invite link for ada@example.test (admin)');
      await link.waitFor();
      expect(await link.inputValue()).toMatch(/\/accept-invite#token=.+/);
      await invite.getByText('Copy it now:').waitFor();
      await invite.getByRole('button', { name: 'Copy' }).click();
      await invite
        .getByRole('status')
        .filter({ hasText: /Copied|copy it yourself/ })
        .waitFor();
      await page.screenshot({ path: `${screenshotDirectory}/members.png`, fullPage: true });

      // Once dismissed (or after a reload) the link is gone for good: only its hash is stored.
      await invite.getByRole('button', { name: 'Done' }).click();
      expect(await page.getByText('/accept-invite#token=').count()).toBe(0);
      expect(await invite.getByRole('textbox', { name: /Invite link/ }).count()).toBe(0);
      await page.reload();
      await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
      expect(await page.getByRole('textbox', { name: /Invite link/ }).count()).toBe(0);
    });
  });

  it('lists the pending invite and revokes it after a confirmation', async () => {
    await withScreenshotOnFailure(page, 'members-pending-invites', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard);
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'owner');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/members`);
      const pending = page.getByRole('region', { name: 'Pending invites' });
      await pending.getByText('No pending invites').waitFor();

      const invite = page.getByRole('form', { name: 'Invite someone' });
      await invite.getByLabel('Email').fill('ada@example.test');
      await invite.getByLabel('Role').selectOption('member');
      await invite.getByRole('button', { name: 'Create invite link' }).click();
      await invite.getByLabel('Invite link for ada@example.test (member)').waitFor();

      // It shows up at once, with who sent it.
      const row = pending.getByRole('table', { name: 'Pending invites' }).getByRole('row', {
        name: /ada@example\.test/,
      });
      await row.waitFor();
      expect((await row.getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['member', 'A owner']);
      const revoke = row.getByRole('button', { name: 'Revoke invite for ada@example.test' });

      // Cancelling the confirmation keeps it.
      page.once('dialog', (dialog) => void dialog.dismiss());
      await revoke.click();
      expect(await row.count()).toBe(1);

      let question = '';
      page.once('dialog', (dialog) => {
        question = dialog.message();
        void dialog.accept();
      });
      await revoke.click();
      await pending
        .getByRole('status')
        .filter({ hasText: 'The invite for ada@example.test was revoked.' })
        .waitFor();
      expect(question).toContain('ada@example.test');
      await pending.getByText('No pending invites').waitFor();
      expect(await pending.getByRole('row', { name: /ada@example\.test/ }).count()).toBe(0);
      // The link still on screen from creating it would no longer work: it is gone too.
      expect(await invite.getByLabel('Invite link for ada@example.test (member)').count()).toBe(0);
      await page.screenshot({ path: `${screenshotDirectory}/members-pending-invites.png`, fullPage: true });

      const listed = await switchyard.call('GET', `/api/v1/orgs/${organizationId}/invites`);
      expect(listed.json().invites).toEqual([]);
    });
  });

  it("shows the API's refusal to leave the organization without an owner", async () => {
    await withScreenshotOnFailure(page, 'members-last-owner', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard);
      await page.context().clearCookies();
      const owner = await openAsNewUser(page, switchyard, organizationId, 'owner');
      const viewer = await createSignedInUser(switchyard, organizationId, 'viewer');
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/members`);
      await page.getByRole('combobox', { name: `Role of ${owner.email}` }).selectOption('admin');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/last owner/i);
      // The refused change is not shown as made.
      expect(await page.getByRole('combobox', { name: `Role of ${owner.email}` }).inputValue()).toBe('owner');

      page.once('dialog', (dialog) => void dialog.accept());
      await page
        .getByRole('row')
        .filter({ hasText: owner.email })
        .getByRole('button', { name: /Remove/ })
        .click();
      await page
        .getByRole('alert')
        .filter({ hasText: /last owner/i })
        .waitFor();
      await page.screenshot({ path: `${screenshotDirectory}/members-last-owner.png` });

      // Another member's role can be changed.
      await page.getByRole('combobox', { name: `Role of ${viewer.email}` }).selectOption('member');
      await page.getByRole('status').filter({ hasText: 'is now member' }).waitFor();
      const members = await switchyard.call('GET', `/api/v1/orgs/${organizationId}/members`);
      const changed = members.json().members.find((member: { id: string }) => member.id === viewer.userId);
      expect(changed.role).toBe('member');
    });
  });

  it('lets an admin invite but not change roles', async () => {
    await withScreenshotOnFailure(page, 'members-admin', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard);
      await page.context().clearCookies();
      await openAsNewUser(page, switchyard, organizationId, 'admin');
      await switchyard.call('POST', `/api/v1/orgs/${organizationId}/invites`, {
        email: 'grace@example.test',
        role: 'owner',
      });
      await page.goto(`${switchyard.origin}/#/orgs/${organizationId}/members`);
      await page.getByRole('form', { name: 'Invite someone' }).waitFor();
      // An invite to owner is listed, but only an owner may revoke it (as only an owner may create it).
      const ownerInvite = page
        .getByRole('table', { name: 'Pending invites' })
        .getByRole('row', { name: /grace@example\.test/ });
      await ownerInvite.getByText('Only an owner can revoke it').waitFor();
      expect(await ownerInvite.getByRole('cell').nth(1).textContent()).toBe('the admin token');
      expect(await ownerInvite.getByRole('button').count()).toBe(0);
      await page.getByText('Only an owner can change roles.').waitFor();
      expect(await page.getByRole('combobox', { name: /Role of/ }).count()).toBe(0);
      const roles = await page
        .getByRole('form', { name: 'Invite someone' })
        .getByLabel('Role')
        .locator('option')
        .allTextContents();
      expect(roles).toEqual(['viewer', 'member', 'admin']);
    });
  });
});

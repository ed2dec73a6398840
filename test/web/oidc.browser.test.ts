import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FakeOidcServer, startFakeOidcServer } from '../fakes/oidc-server.js';
import { expectAccessible } from '../support/expect-accessible.js';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { oidcEnvironment } from '../support/oidc-environment.js';
import {
  laptopViewport,
  type SettingsPageSession,
  startSettingsPageSession,
} from '../support/open-settings-page.js';
import { createOrganizationAndProject } from '../support/start-switchyard.js';

describe('single sign-on on the settings page', () => {
  let idp: FakeOidcServer;
  let session: SettingsPageSession;

  beforeAll(async () => {
    idp = await startFakeOidcServer();
    session = await startSettingsPageSession(await oidcEnvironment(idp));
    await session.page.setViewportSize(laptopViewport);
  });
  afterAll(async () => {
    await session?.close();
    await idp?.close();
  });

  it('signs an invited person in through the identity provider and lands on their organizations', async () => {
    const { page, switchyard } = session;
    await withScreenshotOnFailure(page, 'oidc-sign-in', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard, { organization: 'Acme SSO' });
      const email = 'sso-person@example.test';
      const created = await switchyard.call('POST', '/api/v1/users', {
        email,
        name: 'Sso Person',
        password: 'a-password-they-never-use',
        organizationId,
        role: 'admin',
      });
      expect(created.statusCode).toBe(201);
      idp.user = { sub: 'sso-person', email, email_verified: true };

      await page.goto(`${switchyard.origin}/`);
      const button = page.getByRole('link', { name: 'Sign in with Okta' });
      await button.waitFor();
      await expectAccessible(page, 'sign-in with single sign-on');
      await page.screenshot({ path: `${screenshotDirectory}/sign-in-single-sign-on.png` });
      await button.click();
      await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
      await page.getByText(email).waitFor();
      await page
        .getByRole('listitem')
        .filter({ hasText: 'Acme SSO' })
        .getByText('admin', { exact: true })
        .waitFor();
      expect(new URL(page.url()).hash).toBe('#/');
      expect(idp.callsTo('/authorize')).toHaveLength(1);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Switchyard' }).waitFor();
    });
  });

  it('tells someone without an account to ask for an invite, naming their email', async () => {
    const { page, switchyard } = session;
    await withScreenshotOnFailure(page, 'oidc-unknown-user', async () => {
      idp.user = { sub: 'stranger', email: 'stranger@example.test', email_verified: true };
      await page.goto(`${switchyard.origin}/`);
      await page.getByRole('link', { name: 'Sign in with Okta' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe(
        'No Switchyard account for stranger@example.test: ask an admin to invite you.',
      );
      expect(new URL(page.url()).hash).toBe('#/sign-in?error=unknown_user&email=stranger%40example.test');
      await expectAccessible(page, 'single sign-on refused');
      await page.screenshot({ path: `${screenshotDirectory}/single-sign-on-refused.png` });
      // The password form is still there.
      await page.getByLabel('Email').waitFor();
    });
  });
});

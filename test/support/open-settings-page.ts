import { afterAll, beforeAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchTestBrowser } from './launch-browser.js';
import { createSignedInUser, type SignedInUser } from './sign-in-user.js';
import { type ManagementServer, startManagementServer } from './start-switchyard.js';

/** Laptop size: every page must be usable at this size. */
export const laptopViewport = { width: 1280, height: 800 };

/** Signs in through the page's own form, as a person would, and waits for the organization list. */
export async function signInThroughPage(page: Page, origin: string, email: string, password: string) {
  await page.setViewportSize(laptopViewport);
  await page.goto(`${origin}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
}

/** Creates a user with a role through the admin token and signs them in on the page. */
export async function openAsNewUser(
  page: Page,
  switchyard: ManagementServer,
  organizationId: string,
  role: 'owner' | 'admin' | 'member' | 'viewer',
): Promise<SignedInUser> {
  const user = await createSignedInUser(switchyard, organizationId, role);
  await signInThroughPage(page, switchyard.origin, user.email, user.password);
  return user;
}

/** A test Switchyard and a Chromium page on it, started and closed together by each browser suite. */
export interface SettingsPageSession {
  switchyard: ManagementServer;
  page: Page;
  close(): Promise<void>;
}

/** Starts Switchyard (with `overrides` of its environment) and Chromium with a fresh profile and one page. */
export async function startSettingsPageSession(
  overrides: Parameters<typeof startManagementServer>[0] = {},
): Promise<SettingsPageSession> {
  const switchyard = await startManagementServer(overrides);
  const chromium = await launchTestBrowser();
  const page = await chromium.newPage();
  return {
    switchyard,
    page,
    async close() {
      await chromium.close();
      await switchyard.close();
    },
  };
}

/**
 * Starts a settings page session before a suite's tests and closes it after them; `onStart` receives it
 * (suites keep `switchyard` and `page` in their own variables).
 */
export function useSettingsPageSession(
  onStart: (session: SettingsPageSession) => void,
  overrides: Parameters<typeof startManagementServer>[0] = {},
): void {
  let session: SettingsPageSession | undefined;
  beforeAll(async () => {
    session = await startSettingsPageSession(overrides);
    onStart(session);
  });
  afterAll(() => session?.close());
}

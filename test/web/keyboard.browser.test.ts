import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshotDirectory, withScreenshotOnFailure } from '../support/launch-browser.js';
import { laptopViewport, useSettingsPageSession } from '../support/open-settings-page.js';
import { createSignedInUser } from '../support/sign-in-user.js';
import { createOrganizationAndProject, type ManagementServer } from '../support/start-switchyard.js';

/** The few DOM pieces the browser-side callbacks read (the test project is typed for Node, without the DOM). */
interface FocusableElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  labels?: ArrayLike<{ textContent: string | null }> | null;
}
interface BrowserGlobals {
  document: {
    activeElement: FocusableElement | null;
    body: unknown;
    querySelector(selector: string): FocusableElement | null;
  };
  getComputedStyle(element: FocusableElement): { outlineStyle: string; outlineWidth: string };
}

/** The focused element as a person sees it: its accessible text, and whether a focus ring is drawn. */
function readFocus(page: Page) {
  return page.evaluate(() => {
    const browser = globalThis as unknown as BrowserGlobals;
    const element = browser.document.activeElement;
    if (!element || element === browser.document.body) return { text: '', label: '', visible: false };
    const style = browser.getComputedStyle(element);
    return {
      text: (element.textContent ?? '').trim(),
      label: element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? '',
      visible:
        element.matches(':focus-visible') && style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
    };
  });
}

/** Presses Tab until the focused element matches, at most `limit` times. */
async function tabTo(
  page: Page,
  matches: (focus: Awaited<ReturnType<typeof readFocus>>) => boolean,
  limit = 40,
) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    const focus = await readFocus(page);
    if (matches(focus)) return focus;
  }
  throw new Error(`focus never reached the element after ${limit} Tab presses`);
}

describe('the settings page with a keyboard only', () => {
  let switchyard: ManagementServer;
  let page: Page;
  useSettingsPageSession((session) => ({ switchyard, page } = session));

  it('signs in and reaches the jobs page with Tab and Enter, focus always visible', async () => {
    await withScreenshotOnFailure(page, 'keyboard-to-jobs', async () => {
      const { organizationId } = await createOrganizationAndProject(switchyard, {
        organization: `keyboard-org-${Date.now()}`,
      });
      const user = await createSignedInUser(switchyard, organizationId, 'member');
      await page.setViewportSize(laptopViewport);
      await page.goto(`${switchyard.origin}/`);
      await page.getByLabel('Email').waitFor();

      expect((await tabTo(page, (focus) => focus.label.includes('Email'))).visible).toBe(true);
      await page.keyboard.type(user.email);
      expect((await tabTo(page, (focus) => focus.label.includes('Password'))).visible).toBe(true);
      await page.keyboard.type(user.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();

      const organizationName = await page.evaluate(
        (id) =>
          (globalThis as unknown as BrowserGlobals).document
            .querySelector(`a[href="#/orgs/${id}"]`)
            ?.textContent?.trim() ?? '',
        organizationId,
      );
      expect(organizationName).not.toBe('');
      const toOrganization = await tabTo(page, (focus) => focus.text === organizationName);
      expect(toOrganization.visible).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: organizationName, level: 1 }).waitFor();

      const toJobs = await tabTo(page, (focus) => focus.text === 'Jobs');
      expect(toJobs.visible).toBe(true);
      await page.screenshot({ path: `${screenshotDirectory}/keyboard-jobs-link.png` });
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
      expect(page.url()).toBe(`${switchyard.origin}/#/orgs/${organizationId}/jobs`);
    });
  });
});

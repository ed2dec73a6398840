import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { laptopViewport } from './open-settings-page.js';

/** Deque's axe-core engine, injected into each page. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0 and 2.1, levels A and AA: labels, names, landmarks, keyboard traps and colour contrast. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What the test keeps of an axe violation (the browser-side result, reduced to plain data). */
interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{
    target: string[];
    /** axe's `any[0].data`: for color-contrast, the measured colours and ratio. */
    data: {
      fgColor?: string;
      bgColor?: string;
      contrastRatio?: number;
      expectedContrastRatio?: string;
      fontSize?: string;
      fontWeight?: string;
    } | null;
    summary: string;
  }>;
}

/** The part of axe's API the browser-side callback uses (the test project is typed without the DOM). */
interface AxeGlobals {
  document: unknown;
  axe?: {
    run(
      context: unknown,
      options: { runOnly: { type: 'tag'; values: string[] } },
    ): Promise<{
      passes: unknown[];
      violations: Array<{
        id: string;
        impact?: string | null;
        help: string;
        nodes: Array<{ target: unknown[]; any: Array<{ data: unknown }>; failureSummary?: string }>;
      }>;
    }>;
  };
}

/** Runs axe over the whole document: how many rules passed, and its WCAG A/AA violations. */
async function findViolations(page: Page): Promise<{ passes: number; violations: Violation[] }> {
  // The page's Content-Security-Policy (script-src 'self') refuses inline scripts, so `addScriptTag`
  // cannot add axe; `evaluate` goes through the DevTools protocol, which the CSP does not govern, so the
  // page is checked under the same policy users get.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  return page.evaluate(async (values) => {
    const browser = globalThis as unknown as AxeGlobals;
    const results = await browser.axe!.run(browser.document, { runOnly: { type: 'tag', values } });
    const violations = results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String),
        data: (node.any[0]?.data ?? null) as Violation['nodes'][number]['data'],
        summary: node.failureSummary ?? '',
      })),
    }));
    return { passes: results.passes.length, violations };
  }, wcagTags);
}

/** One line per failing element: rule, impact, selector, and for contrast the colours and ratio. */
function describeViolations(violations: Violation[]): string {
  const lines: string[] = [];
  for (const violation of violations) {
    lines.push(`${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}`);
    for (const node of violation.nodes) {
      const contrast =
        violation.id === 'color-contrast' && node.data?.contrastRatio !== undefined
          ? ` — ${node.data.fgColor} on ${node.data.bgColor} is ${node.data.contrastRatio}:1, needs ${node.data.expectedContrastRatio} (${node.data.fontSize}, weight ${node.data.fontWeight})`
          : ` — ${node.summary.replace(/\s+/g, ' ').trim()}`;
      lines.push(`  ${node.target.join(' ')}${contrast}`);
    }
  }
  return lines.join('\n');
}

/** A control whose boundary or focus ring is below WCAG 1.4.11's 3:1 against what surrounds it. */
interface WeakOutline {
  element: string;
  what: string;
  ratio: number;
}

/** The few DOM pieces the non-text contrast measurement reads (the test project is typed without the DOM). */
interface MeasuredElement {
  tagName: string;
  className: string;
  textContent: string | null;
  parentElement: MeasuredElement | null;
  labels?: ArrayLike<{ textContent: string | null }> | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number; right: number };
  matches(selector: string): boolean;
}
interface MeasureGlobals {
  document: {
    activeElement: MeasuredElement | null;
    body: MeasuredElement;
    querySelectorAll(selector: string): ArrayLike<MeasuredElement>;
  };
  getComputedStyle(
    element: MeasuredElement,
  ): Record<
    | 'backgroundColor'
    | 'borderTopColor'
    | 'borderTopStyle'
    | 'borderTopWidth'
    | 'outlineColor'
    | 'outlineStyle'
    | 'outlineWidth'
    | 'visibility',
    string
  >;
  /** Where a Tab walk has been: a date input keeps focus over several Tab presses (month, day, year). */
  focusWalk?: { first?: MeasuredElement; last?: MeasuredElement; seen: WeakSet<MeasuredElement> };
}

/**
 * WCAG 1.4.11 (non-text contrast), which axe has no rule for. `boundaries`: the border or fill of every
 * visible enabled control against the background around it. `focus`: the focus ring of the focused element,
 * the first time a Tab walk reaches it (`wrapped` once Tab has come back round to where the walk began).
 */
function measureNonTextContrast(page: Page, mode: 'boundaries' | 'focus') {
  return page.evaluate((measuring) => {
    type Colour = [number, number, number, number];
    const browser = globalThis as unknown as MeasureGlobals;
    const parse = (css: string): Colour => {
      const [red = 0, green = 0, blue = 0, alpha = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return [red, green, blue, alpha];
    };
    const over = (top: Colour, bottom: Colour): Colour => {
      const [red, green, blue, alpha] = top;
      return [red, green, blue]
        .map((value, index) => value * alpha + bottom[index]! * (1 - alpha))
        .concat(1) as Colour;
    };
    const backgroundOf = (element: MeasuredElement | null): Colour => {
      if (!element) return [255, 255, 255, 1];
      const own = parse(browser.getComputedStyle(element).backgroundColor);
      return own[3] >= 1 ? own : over(own, backgroundOf(element.parentElement));
    };
    const luminance = (colour: Colour) => {
      const [red, green, blue] = colour.slice(0, 3).map((value) => {
        const channel = value / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
    };
    const contrast = (first: Colour, second: Colour) => {
      const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
      return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
    };
    const hex = (colour: Colour) =>
      `#${colour
        .slice(0, 3)
        .map((value) => Math.round(value).toString(16).padStart(2, '0'))
        .join('')}`;
    const name = (element: MeasuredElement) => {
      const text = element.labels?.[0]?.textContent ?? element.textContent ?? '';
      const label = element.getAttribute('aria-label') ?? text.trim().slice(0, 40);
      const classes = element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
      return `${element.tagName.toLowerCase()}${classes}${label ? ` "${label}"` : ''}`;
    };

    if (measuring === 'focus') {
      const element = browser.document.activeElement;
      browser.focusWalk ??= { seen: new WeakSet() };
      const walk = browser.focusWalk;
      const previous = walk.last;
      walk.last = element ?? undefined;
      if (!element || element === browser.document.body) return { wrapped: false, measured: false, weak: [] };
      const wrapped = element === walk.first && previous !== element;
      walk.first ??= element;
      if (wrapped || walk.seen.has(element)) return { wrapped, measured: false, weak: [] };
      walk.seen.add(element);
      const style = browser.getComputedStyle(element);
      const around = backgroundOf(element.parentElement);
      const ring = over(parse(style.outlineColor), around);
      const drawn = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
      const ratio = drawn ? contrast(ring, around) : 1;
      const what = drawn ? `focus ring ${hex(ring)} on ${hex(around)}` : 'no focus ring';
      return {
        wrapped: false,
        measured: true,
        weak: ratio < 3 ? [{ element: name(element), what, ratio }] : [],
      };
    }
    const controls = Array.from(
      browser.document.querySelectorAll('input:not([type="hidden"]), select, textarea, button, .button-link'),
    );
    const weak: Array<{ element: string; what: string; ratio: number }> = [];
    for (const element of controls) {
      const box = element.getBoundingClientRect();
      const style = browser.getComputedStyle(element);
      const shown = box.width > 0 && box.height > 0 && box.right > 0 && style.visibility !== 'hidden';
      if (!shown || element.matches(':disabled')) continue;
      const around = backgroundOf(element.parentElement);
      const fill = over(parse(style.backgroundColor), around);
      const bordered = style.borderTopStyle !== 'none' && Number.parseFloat(style.borderTopWidth) > 0;
      const border = over(parse(style.borderTopColor), around);
      const ratio = Math.max(contrast(fill, around), bordered ? contrast(border, around) : 0);
      const what = `${bordered ? `border ${hex(border)}, ` : ''}fill ${hex(fill)} on ${hex(around)}`;
      if (ratio < 3) weak.push({ element: name(element), what, ratio });
    }
    return { wrapped: false, measured: true, weak };
  }, mode);
}

/** Presses Tab through every focusable element once and measures each focus ring. */
async function findWeakFocusRings(page: Page): Promise<{ stops: number; weak: WeakOutline[] }> {
  await page.evaluate(() => {
    (globalThis as unknown as MeasureGlobals).focusWalk = undefined;
  });
  const weak: WeakOutline[] = [];
  let stops = 0;
  for (let presses = 0; presses < 300; presses++) {
    await page.keyboard.press('Tab');
    const focused = await measureNonTextContrast(page, 'focus');
    if (focused.wrapped) return { stops, weak };
    if (focused.measured) stops++;
    weak.push(...focused.weak);
  }
  throw new Error('Tab never came back to the first element after 300 presses');
}

/** axe's WCAG A/AA rules, non-text contrast and focus rings, at laptop size; fails with everything listed. */
export async function expectAccessible(page: Page, screen: string) {
  expect(page.viewportSize()).toEqual(laptopViewport);
  const { passes, violations } = await findViolations(page);
  // A check that ran no rule would pass anything.
  expect(passes).toBeGreaterThan(5);
  const boundaries = await measureNonTextContrast(page, 'boundaries');
  const focus = await findWeakFocusRings(page);
  // Every screen has at least a few controls; none reached means Tab did not move.
  expect(focus.stops).toBeGreaterThanOrEqual(3);
  const weak = [...boundaries.weak, ...focus.weak];
  const problems = [
    violations.length > 0 ? describeViolations(violations) : '',
    ...weak.map(
      (outline) =>
        `non-text-contrast (1.4.11): ${outline.element} — ${outline.what} is ${outline.ratio}:1, needs 3:1`,
    ),
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${screen} is not accessible:\n${problems.join('\n')}`);
}

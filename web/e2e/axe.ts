import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { NodeResult, Result } from 'axe-core';
import { expect } from './fixtures';

/** The WCAG 2.0 and 2.1 level A and AA rules: what the project promises. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** How many elements of one violation are listed before "… and N more". */
const MAX_NODES = 8;

function selector(node: NodeResult): string {
  // A target is a list of selectors only for elements inside iframes or shadow roots.
  return node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' → ');
}

/** The check's own words for one element, e.g. the measured contrast ratio and colours. */
function detail(node: NodeResult): string {
  const message = [...node.any, ...node.all, ...node.none].map((check) => check.message).find(Boolean);
  if (!message) return '';
  return message.length > 220 ? `${message.slice(0, 217)}…` : message;
}

/** One violation as a few readable lines: rule, impact, what to do, and where. */
export function describeViolation(violation: Result): string {
  const lines = [`• ${violation.id} [${violation.impact ?? 'unknown impact'}]: ${violation.help} — ${violation.helpUrl}`];
  for (const node of violation.nodes.slice(0, MAX_NODES)) {
    const why = detail(node);
    lines.push(`    ${selector(node)}${why ? `\n      ${why}` : ''}`);
  }
  if (violation.nodes.length > MAX_NODES) lines.push(`    … and ${violation.nodes.length - MAX_NODES} more`);
  return lines.join('\n');
}

/**
 * Runs axe-core on the page as it is now, with the WCAG 2 A/AA rules, and
 * fails (softly, so one test reports every page it checks) with each
 * violation's rule, impact, help text and the selectors of the elements.
 * Wait for the content to be rendered before calling it.
 */
export async function expectNoA11yViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    // Details only for violations: passes and incomplete results are not read.
    // (First: options() replaces the options object that withTags() fills in.)
    .options({ resultTypes: ['violations'] })
    .withTags(WCAG_TAGS)
    .analyze();
  const report = results.violations.map(describeViolation).join('\n');
  expect
    .soft(results.violations.length, `axe-core (WCAG 2 A/AA) on ${where} (${page.url()}):\n${report}\n`)
    .toBe(0);
}

/** The WCAG contrast ratio of two opaque CSS colours as getComputedStyle gives them ("rgb(r, g, b)"). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The current page's link in the header navigation stands out from the header
 * (≥3:1, WCAG 1.4.11) and its text is readable on it (≥4.5:1). axe checks only
 * the text; testers had measured the highlight against the header at 1.72:1.
 */
export async function expectCurrentNavLinkStandsOut(page: Page, where: string): Promise<void> {
  const colours = await page.locator('.main-nav a[aria-current="page"]').evaluate((link) => {
    const header = link.closest('.site-header')!;
    return {
      text: getComputedStyle(link).color,
      background: getComputedStyle(link).backgroundColor,
      header: getComputedStyle(header).backgroundColor,
    };
  });
  const seen = JSON.stringify(colours);
  expect
    .soft(contrastRatio(colours.background, colours.header), `${where}: the current link against the header ${seen}`)
    .toBeGreaterThanOrEqual(3);
  expect
    .soft(contrastRatio(colours.text, colours.background), `${where}: the current link's text ${seen}`)
    .toBeGreaterThanOrEqual(4.5);
}

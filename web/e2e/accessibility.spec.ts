import type { Browser, Page } from '@playwright/test';
import { expectCurrentNavLinkStandsOut, expectNoA11yViolations } from './axe';
import { expect, signIn, test } from './fixtures';

/**
 * axe-core (WCAG 2.0/2.1 A and AA) on the main pages, as the demo users see
 * them: jana in German, luc in French, paula and the admin in English, at a
 * desktop width (1280×800) and the licenses and transfer pages also at a
 * phone's (390×844). Read-only: nothing here changes the demo data. Each
 * check is soft, so a failing run lists every page's violations at once.
 */

const PHONE = { width: 390, height: 844 };
const JANA = 'jana@kunde.example';

/** Waits until the page has its heading and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

async function check(page: Page, where: string): Promise<void> {
  await settled(page);
  await expectNoA11yViolations(page, where);
}

async function contextFor(browser: Browser, locale: string, viewport = { width: 1280, height: 800 }) {
  return browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale, viewport });
}

/** From the Smart Accounts list to Kunde GmbH's page (jana's, in German). */
async function openKunde(page: Page): Promise<void> {
  await page.goto('/smart-accounts');
  await page.getByRole('link', { name: 'Kunde GmbH', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Kunde GmbH', level: 1 })).toBeVisible();
}

/** From Kunde GmbH's page to one of its Virtual Accounts. */
async function openVa(page: Page, name: string): Promise<void> {
  await openKunde(page);
  await page.getByRole('tabpanel').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name: `${name} — Kunde GmbH`, level: 1 })).toBeVisible();
}

async function selectTab(page: Page, tablist: string, name: string): Promise<void> {
  await page.getByRole('tablist', { name: tablist }).getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/**
 * The transfer wizard in German up to its asset step: checked with Show Counts
 * open on the first step and on the asset step, and with `everyStep` on the
 * others too.
 */
async function wizardToAssets(page: Page, where: string, everyStep: boolean): Promise<void> {
  await page.goto('/transfers/new');
  await expect(page.getByRole('heading', { name: 'Quell-Smart-Account', level: 2 })).toBeVisible();
  if (everyStep) await check(page, `${where}: wizard, source step`);
  const search = page.getByRole('search', { name: 'Smart Accounts suchen' });
  await search.getByRole('searchbox', { name: 'Suchbegriff' }).fill('Kunde GmbH');
  await search.getByRole('button', { name: 'Suchen' }).click();
  const results = page.getByRole('table', { name: 'Smart Accounts zu „Kunde GmbH“' });
  const kundeRow = results.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Kunde GmbH', exact: true }) });
  await kundeRow.getByRole('button', { name: 'Anzahl anzeigen' }).click();
  const panel = page.getByRole('complementary', { name: 'Asset-Übersicht: Kunde GmbH' });
  await expect(panel.getByRole('rowheader').first()).toBeVisible();
  await check(page, `${where}: wizard, source step with Show Counts (Asset Summary)`);
  await page.getByRole('radio', { name: 'Kunde GmbH', exact: true }).check();
  await page.getByRole('button', { name: 'Weiter' }).click();

  await expect(page.getByRole('heading', { name: 'Ziel-Smart-Account und Virtual Account', level: 2 })).toBeVisible();
  await page.getByRole('radio', { name: 'Kunde GmbH Berlin', exact: true }).check();
  const va = page.getByRole('combobox', { name: 'Virtual Account' });
  await expect(va.getByRole('option', { name: 'DEFAULT', exact: true })).toHaveCount(1);
  await va.selectOption({ label: 'DEFAULT' });
  if (everyStep) await check(page, `${where}: wizard, destination step`);
  await page.getByRole('button', { name: 'Weiter' }).click();

  await expect(page.getByRole('heading', { name: 'Fragen zur Compliance-Prüfung', level: 2 })).toBeVisible();
  await page
    .getByRole('group', { name: 'Werden die Assets an dieselbe juristische Person übertragen?' })
    .getByRole('radio', { name: /^Ja/ })
    .check();
  if (everyStep) await check(page, `${where}: wizard, compliance step`);
  await page.getByRole('button', { name: 'Weiter' }).click();

  await expect(page.getByRole('heading', { name: 'Assets auswählen', level: 2 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Lizenzen' })).toBeVisible();
  await check(page, `${where}: wizard, asset step`);
}

test.describe('accessibility (axe-core, WCAG 2 A/AA)', () => {
  test('the sign-in page in English, French and German', async ({ browser }) => {
    for (const [locale, heading] of [
      ['en-US', 'Sign in'],
      ['fr-FR', 'Connexion'],
      ['de-DE', 'Anmelden'],
    ] as const) {
      const context = await contextFor(browser, locale);
      try {
        const page = await context.newPage();
        await page.goto('/sign-in');
        await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
        await check(page, `sign-in (${locale})`);
      } finally {
        await context.close();
      }
    }
  });

  test('jana in German at desktop width: home, Smart Accounts, Kunde GmbH, its Virtual Accounts, an order, transfers, cases, security', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, JANA);
    await check(page, 'home (de)');

    await page.goto('/smart-accounts');
    await check(page, 'Smart Accounts (de)');
    await expectCurrentNavLinkStandsOut(page, 'Smart Accounts (de)');

    await openKunde(page);
    await check(page, 'Kunde GmbH, Virtual Accounts tab (de)');
    await selectTab(page, 'Smart Account', 'Benutzer');
    await check(page, 'Kunde GmbH, users tab (de)');
    await selectTab(page, 'Smart Account', 'Ereignisprotokoll');
    await check(page, 'Kunde GmbH, event log tab (de)');

    // Labor has a shortage and a lab's devices; Produktion the licenses moved there.
    await openVa(page, 'Labor');
    await check(page, 'Labor, licenses tab (de)');
    await selectTab(page, 'Virtual Account', 'Geräte');
    await check(page, 'Labor, devices tab (de)');
    await selectTab(page, 'Virtual Account', 'Registrierungstoken');
    await check(page, 'Labor, tokens tab (de)');
    await openVa(page, 'Produktion');
    await check(page, 'Produktion, licenses tab (de)');

    await page.goto('/orders/SO-1001');
    await expect(page.getByRole('heading', { name: 'Bestellung SO-1001', level: 1 })).toBeVisible();
    await check(page, 'order SO-1001 (de)');

    await page.goto('/transfers');
    await expect(page.getByRole('heading', { name: 'Asset-Transfer-Manager', level: 1 })).toBeVisible();
    await check(page, 'transfers (de)');
    await wizardToAssets(page, 'desktop (de)', true);

    await page.goto('/cases');
    await check(page, 'cases (de)');
    await page.goto('/security');
    await check(page, 'security (de)');
  });

  test('luc in French at desktop width: home, Smart Accounts, Client SARL, his order and case, transfers, security', async ({
    browser,
  }) => {
    const context = await contextFor(browser, 'fr-FR');
    try {
      const page = await context.newPage();
      await signIn(page, 'luc@client.example');
      await check(page, 'home (fr)');
      await page.goto('/smart-accounts');
      await check(page, 'Smart Accounts (fr)');
      await page.getByRole('link', { name: 'Client SARL', exact: true }).first().click();
      await expect(page.getByRole('heading', { name: 'Client SARL', level: 1 })).toBeVisible();
      await check(page, 'Client SARL (fr)');
      await page.goto('/orders/SO-1002');
      await expect(page.getByRole('heading', { name: /SO-1002/, level: 1 })).toBeVisible();
      await check(page, 'order SO-1002 (fr)');
      await page.goto('/transfers');
      await check(page, 'transfers (fr)');
      await page.goto('/cases');
      await check(page, 'cases (fr)');
      await page.getByRole('link', { name: /SO-1002/ }).first().click();
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/^Dossiers$/);
      await check(page, 'a case (fr)');
      await page.goto('/security');
      await check(page, 'security (fr)');
    } finally {
      await context.close();
    }
  });

  test('paula and the admin in English at desktop width: home, an order, transfers, cases, the outbox', async ({ page, browser }) => {
    await signIn(page, 'paula@partner.example');
    await check(page, 'home (en)');
    await page.goto('/orders/SO-1001');
    await expect(page.getByRole('heading', { name: 'Order SO-1001', level: 1 })).toBeVisible();
    await check(page, 'order SO-1001 (en)');
    await page.goto('/transfers');
    await check(page, 'transfers (en)');
    await page.goto('/cases');
    await check(page, 'cases (en)');

    const context = await contextFor(browser, 'en-US');
    try {
      const admin = await context.newPage();
      await signIn(admin, 'admin@vendor.example');
      await check(admin, 'home, admin (en)');
      await admin.goto('/outbox');
      await check(admin, 'outbox (en)');
    } finally {
      await context.close();
    }
  });

  test('at phone width (390×844): the header menu, Virtual Account licenses, transfers and the wizard', async ({ browser }) => {
    test.setTimeout(90_000);
    const context = await contextFor(browser, 'de-DE', PHONE);
    try {
      const page = await context.newPage();
      await signIn(page, JANA);
      await page.goto('/smart-accounts');
      await settled(page);
      await page.getByRole('button', { name: 'Menü' }).click();
      await expect(page.getByRole('navigation', { name: 'Hauptmenü' })).toBeVisible();
      await check(page, 'phone: Smart Accounts with the menu open (de)');
      await expectCurrentNavLinkStandsOut(page, 'phone: Smart Accounts with the menu open (de)');

      await page.goto('/');
      await check(page, 'phone: home (de)');
      await openKunde(page);
      await check(page, 'phone: Kunde GmbH, Virtual Accounts tab (de)');
      await selectTab(page, 'Smart Account', 'Benutzer');
      await check(page, 'phone: Kunde GmbH, users tab (de)');

      await openVa(page, 'Labor');
      await check(page, 'phone: Labor, licenses tab (de)');
      await selectTab(page, 'Virtual Account', 'Geräte');
      await check(page, 'phone: Labor, devices tab (de)');
      await selectTab(page, 'Virtual Account', 'Registrierungstoken');
      await check(page, 'phone: Labor, tokens tab (de)');
      await openVa(page, 'Produktion');
      await check(page, 'phone: Produktion, licenses tab (de)');

      await page.goto('/orders/SO-1001');
      await expect(page.getByRole('heading', { name: 'Bestellung SO-1001', level: 1 })).toBeVisible();
      await check(page, 'phone: order SO-1001 (de)');

      await page.goto('/transfers');
      await check(page, 'phone: transfers (de)');
      await wizardToAssets(page, 'phone (de)', false);
    } finally {
      await context.close();
    }

    const en = await contextFor(browser, 'en-US', PHONE);
    try {
      const page = await en.newPage();
      await signIn(page, 'paula@partner.example');
      await page.goto('/transfers');
      await check(page, 'phone: transfers (en)');
      await page.goto('/cases');
      await check(page, 'phone: cases (en)');
      await page.goto('/security');
      await check(page, 'phone: security (en)');
    } finally {
      await en.close();
    }
  });
});

import type { Page } from '@playwright/test';
import { apiAs } from './api';
import { expect, signIn, test } from './fixtures';

/** A fresh order for paula through the integration API (erp), shipped and unassigned: on Smart Account hold. */
async function orderOnHold(prefix: string): Promise<{ so: string; wo: string }> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const so = `SO-${prefix}-${run}`;
  const wo = `WO-${prefix}-${run}`;
  const erp = await apiAs('erp@vendor.example');
  try {
    await erp.post('/api/v1/orders', {
      sales_order_number: so,
      web_order_number: wo,
      purchaser_name: 'Paula Partner Ltd',
      end_customer_name: 'Kunde GmbH',
      contacts: ['paula@partner.example'],
      lines: [
        { line_number: 1, sku: 'C9300-DNA-E-3Y', description: 'DNA Essentials, 3 years', quantity: 2, license_type: 'term', term_months: 36, buying_model: 'transactional', smart_enabled: true },
      ],
    });
    await erp.post(`/api/v1/orders/${encodeURIComponent(so)}/shipments`, { line_numbers: [1], shipped_at: new Date().toISOString() });
  } finally {
    await erp.dispose();
  }
  return { so, wo };
}

/** Step 2 of the seeds: the global search in the header. */
async function globalSearch(page: Page, label: RegExp | string, number: string) {
  await page.getByRole('searchbox', { name: label }).fill(number);
  await page.getByRole('searchbox', { name: label }).press('Enter');
}

test.describe('orders: assigning a Smart Account (seeds 001, 002, 004)', () => {
  test('seed 001 in English: paula finds SO-1001 and assigns it to Kunde GmbH / Produktion; the hold is lifted', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    await signIn(page, 'paula@partner.example');

    // Step 2: global search by the Sales Order number.
    await globalSearch(page, 'Search orders by Sales Order or Web Order number', 'SO-1001');
    await expect(page).toHaveURL(/\/orders\?q=SO-1001$/);
    const results = page.getByRole('table', { name: 'Orders matching “SO-1001”' });
    // Step 3: click the number in the results.
    await results.getByRole('link', { name: 'SO-1001', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Order SO-1001', level: 1 })).toBeVisible();
    await expect(page.locator('.title-row').getByText('Smart Account hold')).toBeVisible();

    // Step 4: the link in the banner.
    await page.getByRole('status').getByRole('link', { name: 'View or change Smart Account Assignments' }).click();
    await expect(page.getByRole('heading', { name: 'Smart Account Assignments', level: 2 })).toBeFocused();

    // Step 5: Assign Smart Account.
    await page.getByRole('button', { name: 'Assign Smart Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Smart Account Assignment' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('tab', { name: 'End Customer Smart Account' })).toHaveAttribute('aria-selected', 'true');

    // Step 6: "Select an Existing Account" → Domain Identifier, then search.
    await dialog.getByLabel('Select an Existing Account').selectOption({ label: 'Domain Identifier' });
    await dialog.getByRole('searchbox', { name: 'Search for a Smart Account' }).fill('kunde.example');
    await dialog.getByRole('button', { name: 'Search', exact: true }).click();

    // Step 7: the desired Smart Account.
    await dialog.getByRole('radio', { name: /Kunde GmbH/ }).check();

    // Step 8: the Virtual Account, then Assign.
    const va = dialog.getByRole('combobox', { name: 'Virtual Account Name' });
    await expect(va.getByRole('option', { name: 'Produktion' })).toHaveCount(1);
    await va.selectOption({ label: 'Produktion' });
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();

    // Step 9: accept the terms of use and Submit.
    await dialog.getByRole('checkbox', { name: 'I accept the terms of use' }).check();
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();

    // Step 10: Yes.
    const confirm = page.getByRole('alertdialog', { name: 'Submit this change?' });
    await expect(confirm).toContainText('Kunde GmbH / Produktion');
    await confirm.getByRole('button', { name: 'Yes', exact: true }).click();

    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByText('The Smart Account assignment was saved.')).toBeVisible();
    const lines = page.getByRole('table', { name: 'Order lines' });
    for (const n of ['1', '3']) {
      const row = lines.getByRole('row').filter({ has: page.getByRole('rowheader', { name: n, exact: true }) });
      await expect(row).toContainText('Kunde GmbH');
      await expect(row).toContainText('Produktion');
      await expect(row.getByRole('button', { name: `Edit assignment for line ${n}` })).toBeVisible();
    }
    await expect(lines.getByText('Smart Account hold')).toHaveCount(0);
    await expect(page.locator('.title-row').getByText('Smart Account hold')).toHaveCount(0);

    // Every change is kept in the order's history.
    const history = page.getByRole('table', { name: 'Changes to this order' });
    await expect(history.getByRole('row').filter({ hasText: 'paula@partner.example' }).first()).toContainText('Smart Account assigned');
    await expect(history).toContainText('Kunde GmbH / Produktion');
    expect(violations).toEqual([]);
  });

  test('seed 004 in French: luc finds his order by Web Order number and uses the pencil to lift the hold with Client SARL', async ({
    page,
  }) => {
    await signIn(page, 'luc@client.example');
    await expect(page.getByRole('navigation', { name: 'Principale' })).toBeVisible();

    await globalSearch(page, 'Rechercher par numéro de commande client ou de commande électronique', 'WO-5002');
    const results = page.getByRole('table', { name: 'Commandes correspondant à « WO-5002 »' });
    await expect(results.getByText('Mise en attente du compte Smart')).toBeVisible();
    await results.getByRole('link', { name: 'WO-5002', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Commande SO-1002', level: 1 })).toBeVisible();
    await expect(page.locator('.title-row').getByText('Mise en attente du compte Smart')).toBeVisible();

    await page.getByRole('status').getByRole('link', { name: 'Afficher ou modifier les affectations de comptes Smart' }).click();
    const lines = page.getByRole('table', { name: 'Lignes de commande' });
    await expect(lines).toContainText('Neukunde AG');
    await lines.getByRole('button', { name: "Modifier l'affectation de la ligne 1" }).click();

    const dialog = page.getByRole('dialog', { name: 'Affectation de compte Smart' });
    await dialog.getByRole('tab', { name: 'Compte Smart du client final' }).click();
    await dialog.getByLabel('Sélectionner un compte existant').selectOption({ label: 'Nom de compte' });
    await dialog.getByRole('searchbox', { name: 'Rechercher un compte Smart' }).fill('Client SARL');
    await dialog.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await dialog.getByRole('radio', { name: /Client SARL/ }).check();
    await expect(dialog.getByRole('combobox', { name: 'Nom du compte virtuel' })).toHaveValue(/.+/);
    await dialog.getByRole('button', { name: 'Affecter', exact: true }).click();
    await dialog.getByRole('checkbox', { name: "J'accepte les conditions d'utilisation" }).check();
    await dialog.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.getByRole('alertdialog', { name: 'Soumettre cette modification ?' }).getByRole('button', { name: 'Oui', exact: true }).click();

    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByText("L'affectation de compte Smart a été enregistrée.")).toBeVisible();
    await expect(lines.getByText('Client SARL')).toHaveCount(2);
    await expect(lines.getByText('Mise en attente du compte Smart')).toHaveCount(0);
    await expect(page.locator('.title-row').getByText('Mise en attente du compte Smart')).toHaveCount(0);
  });

  test('diagnosis: an order on hold shows a failed check with the server message', async ({ page }) => {
    const { so, wo } = await orderOnHold('DIAG');
    await signIn(page, 'paula@partner.example');
    await globalSearch(page, 'Search orders by Sales Order or Web Order number', wo);
    await page.getByRole('table', { name: `Orders matching “${wo}”` }).getByRole('link', { name: wo, exact: true }).click();
    await expect(page.getByRole('heading', { name: `Order ${so}`, level: 1 })).toBeVisible();

    const toggle = page.getByRole('button', { name: 'Why are my licenses not in my Smart Account?' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const line = page.getByRole('article', { name: 'Line 1: C9300-DNA-E-3Y' });
    const checks = line.getByRole('listitem');
    await expect(checks).toHaveCount(5);
    await expect(checks.filter({ hasText: 'Shipped' }).getByRole('img', { name: 'OK' })).toBeVisible();
    const assigned = checks.filter({ hasText: 'Smart Account assigned' });
    await expect(assigned.getByRole('img', { name: 'Needs attention' })).toBeVisible();
    // The server's own, localized explanation and next step.
    await expect(assigned.locator('.check-message')).not.toHaveText('');
  });

  test('an internal user without the licensing support flag is told to open a licensing case', async ({ page }) => {
    const { so } = await orderOnHold('INT');
    await signIn(page, 'erp@vendor.example');
    await page.goto(`/orders/${so}`);
    await expect(page.getByRole('heading', { name: `Order ${so}`, level: 1 })).toBeVisible();
    await expect(
      page.getByText('Internal users must open a case with the Licensing Support team to have orders assigned to a Smart Account.'),
    ).toBeVisible();

    await page.getByRole('button', { name: 'Assign Smart Account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Smart Account Assignment' });
    await dialog.getByLabel('Select an Existing Account').selectOption({ label: 'Domain Identifier' });
    await dialog.getByRole('searchbox', { name: 'Search for a Smart Account' }).fill('kunde.example');
    await dialog.getByRole('button', { name: 'Search', exact: true }).click();
    await dialog.getByRole('radio', { name: /Kunde GmbH/ }).check();
    await expect(dialog.getByRole('combobox', { name: 'Virtual Account Name' })).toHaveValue(/.+/);
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await dialog.getByRole('checkbox', { name: 'I accept the terms of use' }).check();
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('alertdialog', { name: 'Submit this change?' }).getByRole('button', { name: 'Yes', exact: true }).click();

    const alert = dialog.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(/licensing case|Licensing Support/i);
    await expect(dialog.getByRole('link', { name: 'Open a licensing case' })).toHaveAttribute(
      'href',
      `/cases/new?order_number=${encodeURIComponent(so)}`,
    );
    // Nothing changed.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Order lines' }).getByText('Smart Account hold')).toHaveCount(1);
    await expect(page.getByRole('table', { name: 'Order lines' }).getByText('Not assigned')).toHaveCount(2);
  });

  test('the Orders page filters to orders on Smart Account hold', async ({ page }) => {
    await signIn(page, 'jana@kunde.example');
    await page.goto('/orders');
    await expect(page.getByRole('heading', { name: 'Bestellungen', level: 1 })).toBeVisible();
    const table = page.getByRole('table', { name: 'Ihre Bestellungen' });
    await expect(table.getByRole('link').first()).toBeVisible();
    // The box mirrors the URL, which the router updates asynchronously: click, then wait for both.
    const onlyHold = page.getByRole('checkbox', { name: 'Nur Bestellungen mit Smart-Account-Sperre' });
    await onlyHold.click();
    await expect(onlyHold).toBeChecked();
    await expect(page).toHaveURL(/sa_hold=true/);
    // SO-1005 is deposited, so it must be gone once the filtered list is shown.
    await expect(page.getByRole('link', { name: 'SO-1005' })).toHaveCount(0);
    // Every listed order is on hold.
    const rows = page.getByRole('table', { name: 'Ihre Bestellungen' }).getByRole('row');
    await expect(rows.nth(1).or(page.getByText('Keine Ihrer Bestellungen hat eine Smart-Account-Sperre.'))).toBeVisible();
    for (const row of (await rows.all()).slice(1)) await expect(row).toContainText('Smart-Account-Sperre');
  });
});

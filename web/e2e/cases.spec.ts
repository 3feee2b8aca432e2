import { apiAs } from './api';
import { expect, signIn, test } from './fixtures';

/**
 * A fresh order like SO-1001 (end customer Kunde GmbH, paula a contact),
 * shipped and unassigned: on Smart Account hold. A fresh one, because the
 * orders spec assigns SO-1001 itself and every spec shares one database.
 */
async function orderOnHold(): Promise<string> {
  const so = `SO-CASE-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const erp = await apiAs('erp@vendor.example');
  try {
    await erp.post('/api/v1/orders', {
      sales_order_number: so,
      web_order_number: `WO-${so.slice(3)}`,
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
  return so;
}

test.describe('support cases', () => {
  test('a customer opens a licensing case from the diagnosis; support assigns the order citing it and replies', async ({ page, browser }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    const so = await orderOnHold();

    // The customer: the diagnosis hands off to a prefilled case form.
    await signIn(page, 'paula@partner.example');
    await page.goto(`/orders/${encodeURIComponent(so)}`);
    await expect(page.getByRole('heading', { name: `Order ${so}`, level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Why are my licenses not in my Smart Account?' }).click();
    await expect(page.getByRole('article', { name: 'Line 1: C9300-DNA-E-3Y' })).toBeVisible();
    await page.getByRole('link', { name: 'Open a licensing case' }).click();
    await expect(page.getByRole('heading', { name: 'Open a case', level: 1 })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Category' })).toHaveValue('software_licensing');
    await expect(page.getByRole('textbox', { name: 'Order number', exact: true })).toHaveValue(so);
    await expect(page.getByRole('textbox', { name: 'Subject', exact: true })).toHaveValue(`Licenses not in my Smart Account — ${so}`);
    await expect(page.getByRole('textbox', { name: 'Description', exact: true })).toHaveValue(/Smart Account assigned/);
    await page.getByRole('button', { name: 'Open case', exact: true }).click();
    const heading = page.getByRole('heading', { name: /^Case CS-\d+$/, level: 1 });
    await expect(heading).toBeVisible();
    const caseNumber = (await heading.textContent())!.replace(/^Case /, '');
    await expect(page.getByText(`Case ${caseNumber} was opened.`, { exact: false })).toBeVisible();
    await expect(page.getByRole('link', { name: so, exact: true })).toHaveAttribute('href', `/orders/${encodeURIComponent(so)}`);
    const caseUrl = new URL(page.url()).pathname;

    // Licensing support: the queue, the order, the assignment with the case number, the reply.
    const supportContext = await browser.newContext();
    const support = await supportContext.newPage();
    try {
      await signIn(support, 'support@vendor.example');
      await support.goto('/cases?status=open');
      await expect(support.getByRole('heading', { name: 'Case queue', level: 1 })).toBeVisible();
      const row = support.getByRole('table', { name: 'All cases' }).getByRole('row').filter({ hasText: caseNumber });
      await expect(row).toContainText(`Licenses not in my Smart Account — ${so}`);
      await expect(row).toContainText('Open');
      await row.getByRole('link', { name: so, exact: true }).click();
      await expect(support.getByRole('heading', { name: `Order ${so}`, level: 1 })).toBeVisible();

      await support.getByRole('button', { name: 'Assign Smart Account' }).click();
      const dialog = support.getByRole('dialog', { name: 'Smart Account Assignment' });
      await dialog.getByLabel('Select an Existing Account').selectOption({ label: 'Domain Identifier' });
      await dialog.getByRole('searchbox', { name: 'Search for a Smart Account' }).fill('kunde.example');
      await dialog.getByRole('button', { name: 'Search', exact: true }).click();
      await dialog.getByRole('radio', { name: /Kunde GmbH/ }).check();
      await expect(dialog.getByRole('combobox', { name: 'Virtual Account Name' })).toHaveValue(/.+/);
      await dialog.getByLabel('Case number').fill(caseNumber);
      await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
      await expect(dialog).toContainText(caseNumber);
      await dialog.getByRole('checkbox', { name: 'I accept the terms of use' }).check();
      await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
      await support.getByRole('alertdialog', { name: 'Submit this change?' }).getByRole('button', { name: 'Yes', exact: true }).click();
      await expect(support.getByRole('dialog')).toHaveCount(0);
      await expect(support.getByText('The Smart Account assignment was saved.')).toBeVisible();
      await expect(support.getByRole('table', { name: 'Changes to this order' })).toContainText(caseNumber);

      await support.goto(caseUrl);
      await expect(support.getByRole('heading', { name: `Case ${caseNumber}`, level: 1 })).toBeVisible();
      await support.getByRole('textbox', { name: 'Reply' }).fill(`Assigned ${so} to Kunde GmbH.`);
      await support.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(support.getByRole('list', { name: 'Comments' })).toContainText(`Assigned ${so} to Kunde GmbH.`);
      await support.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Waiting for customer' });
      await support.getByRole('button', { name: 'Update status', exact: true }).click();
      await expect(support.getByText('Status changed to Waiting for customer.')).toBeVisible();
    } finally {
      await supportContext.close();
    }

    // The customer: the case number in the order's history, the reply on the case.
    await page.goto(`/orders/${encodeURIComponent(so)}`);
    const history = page.getByRole('table', { name: 'Changes to this order' });
    await expect(history.getByRole('row').filter({ hasText: 'Smart Account assigned' }).first()).toContainText(caseNumber);
    await page.goto(caseUrl);
    const thread = page.getByRole('list', { name: 'Comments' });
    await expect(thread).toContainText(`Assigned ${so} to Kunde GmbH.`);
    await expect(thread).toContainText('Licensing Support');
    await expect(page.locator('.title-row')).toContainText('Waiting for customer');
    expect(violations).toEqual([]);
  });
});

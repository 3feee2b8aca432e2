import type { APIRequestContext, Page } from '@playwright/test';
import { anonymous } from './api';
import { expect, signIn, test } from './fixtures';

/**
 * Issue 7: a Virtual Account's licenses, devices and registration tokens.
 * jana (sa_admin of Kunde GmbH, German UI) creates a registration token for
 * Labor; a device registers with it and reports usage of a product Labor has
 * no license for, so Labor shows a shortage until jana deletes the device.
 * Everything the test adds is removed again (the device) or inert (revoked
 * tokens): the demo's devices and license counts stay as they were.
 */

const PRODUCT = 'E2E-SENSOR';

function unique() {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  return { run, serial: `E2E-SN-${run}`, device: `e2e-sensor-${run}`, token: `E2E Token ${run}` };
}

async function openLabor(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Smart Accounts' }).click();
  await page.getByRole('link', { name: 'Kunde GmbH', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Kunde GmbH', level: 1 })).toBeVisible();
  await page.getByRole('tabpanel').getByRole('link', { name: 'Labor', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Labor — Kunde GmbH', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/smart-accounts\/[^/]+\/virtual-accounts\/[^/?]+/);
}

async function selectTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tablist', { name: 'Virtual Account' }).getByRole('tab', { name }).click();
}

/** Creates a token in the browser and reads the secret from the one-time panel. */
async function createToken(page: Page, description: string): Promise<string> {
  await selectTab(page, 'Registrierungstoken');
  const form = page.getByRole('form', { name: 'Registrierungstoken erstellen' });
  await form.getByLabel('Beschreibung').fill(description);
  await expect(form.getByLabel('Läuft ab in (Tagen)')).toHaveValue('30');
  await expect(form.getByLabel('Maximale Verwendungen')).toHaveValue('10');
  await form.getByRole('button', { name: 'Token erstellen' }).click();
  const panel = page.getByRole('region', { name: `Token „${description}“ erstellt` });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('nicht noch einmal angezeigt');
  const secret = await panel.getByLabel('Geheimer Token', { exact: true }).inputValue();
  expect(secret).not.toBe('');
  await panel.getByRole('button', { name: 'Fertig' }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  // The list shows the token, never its secret.
  const row = page.getByRole('table', { name: 'Registrierungstoken' }).getByRole('row', { name: new RegExp(description) });
  await expect(row).toContainText('Aktiv');
  await expect(row).toContainText('0 / 10');
  return secret;
}

async function register(visitor: APIRequestContext, token: string, serial: string, name: string) {
  return visitor.post('/api/v1/devices/register', {
    data: { token, name, serial, product: PRODUCT, deployment: 'on_prem' },
  });
}

function summaryRow(page: Page) {
  return page
    .getByRole('table', { name: 'Lizenzen nach Produkt' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: PRODUCT, exact: true }) });
}

test.describe('issue 7: licenses, devices and registration tokens of a Virtual Account', () => {
  test('jana registers a device with a token from the UI; its usage shows as a shortage until she deletes it', async ({
    page,
  }) => {
    const id = unique();
    await signIn(page, 'jana@kunde.example');
    await openLabor(page);

    const secret = await createToken(page, id.token);

    // The device registers and reports usage with the token, as a device would.
    const visitor = await anonymous();
    try {
      const res = await register(visitor, secret, id.serial, id.device);
      expect(res.status(), `register: ${await res.text()}`).toBe(201);
      const device = (await res.json()) as { device_id: string | number; device_secret: string };
      expect(device.device_secret).toBeTruthy();
      const report = await visitor.post('/api/v1/usage-reports', {
        data: [{ device_id: device.device_id, device_secret: device.device_secret, usage: [{ product: PRODUCT, count: 3 }] }],
      });
      expect(report.status(), `usage report: ${await report.text()}`).toBe(200);
      expect(((await report.json()) as { accepted: number }).accepted).toBe(1);
    } finally {
      await visitor.dispose();
    }

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Labor — Kunde GmbH', level: 1 })).toBeVisible();

    // Devices: the new device with its usage; the search finds it by serial.
    await selectTab(page, 'Geräte');
    const search = page.getByRole('search', { name: 'Geräte suchen' });
    await search.getByRole('searchbox', { name: 'Name oder Seriennummer' }).fill(id.serial);
    await search.getByRole('button', { name: 'Suchen' }).click();
    const devices = page.getByRole('table', { name: 'Geräte' });
    const row = devices.getByRole('row', { name: new RegExp(id.device) });
    await expect(row).toContainText(id.serial);
    await expect(row).toContainText(PRODUCT);
    await expect(row).toContainText('Vor Ort');
    await expect(row).toContainText(`${PRODUCT} × 3`);
    await expect(devices.getByRole('row')).toHaveCount(2); // header + the one match
    await expect(page.getByRole('link', { name: 'Als CSV exportieren' })).toHaveAttribute(
      'href',
      /\/api\/v1\/smart-accounts\/[^/]+\/devices\?virtual_account_id=[^&]+&format=csv$/,
    );

    // Licenses: Labor has no license for the product, so 3 are missing, highlighted in words too.
    await selectTab(page, 'Lizenzen');
    const shortage = summaryRow(page);
    await expect(shortage).toHaveClass(/row-shortage/);
    await expect(shortage.getByRole('cell').last()).toHaveText(/^\s*3\s*Fehlbestand\s*$/);
    await expect(shortage.getByRole('cell').nth(1)).toHaveText('3'); // in use

    // Find My License finds the device by its serial and leads back to Labor.
    await page.goto(`/find?q=${encodeURIComponent(id.serial)}`);
    const found = page.getByRole('region', { name: `Gerät ${id.device}` });
    await expect(found).toContainText(id.serial);
    await expect(found).toContainText(PRODUCT);
    await expect(found.getByRole('link', { name: 'Kunde GmbH', exact: true })).toBeVisible();
    await found.getByRole('link', { name: 'Labor', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Labor — Kunde GmbH', level: 1 })).toBeVisible();

    // Delete the device (after a confirmation): the shortage is gone.
    await selectTab(page, 'Geräte');
    await search.getByRole('searchbox', { name: 'Name oder Seriennummer' }).fill(id.serial);
    await search.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('button', { name: `${id.device} löschen` }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Gerät löschen' });
    await expect(dialog).toContainText(id.serial);
    await dialog.getByRole('button', { name: 'Löschen' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: `Gerät „${id.device}“ gelöscht.` })).toBeVisible();
    await expect(devices.getByRole('row', { name: new RegExp(id.device) })).toHaveCount(0);

    await selectTab(page, 'Lizenzen');
    await expect(page.getByRole('table', { name: 'Lizenzen nach Produkt' }).or(page.getByText('Dieser Virtual Account hat weder Lizenzen noch Lizenznutzung.'))).toBeVisible();
    await expect(page.locator('tr.row-shortage').filter({ hasText: PRODUCT })).toHaveCount(0);
  });

  test('a revoked token is refused by the register API', async ({ page }) => {
    const id = unique();
    await signIn(page, 'jana@kunde.example');
    await openLabor(page);
    const secret = await createToken(page, id.token);

    await page.getByRole('button', { name: `${id.token} widerrufen` }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Registrierungstoken widerrufen' });
    await dialog.getByRole('button', { name: 'Widerrufen' }).click();
    await expect(dialog).toHaveCount(0);
    const row = page.getByRole('table', { name: 'Registrierungstoken' }).getByRole('row', { name: new RegExp(id.token) });
    await expect(row).toContainText('Widerrufen');
    await expect(row.getByRole('button')).toHaveCount(0);

    const visitor = await anonymous();
    try {
      const res = await register(visitor, secret, id.serial, id.device);
      expect(res.status(), `register with a revoked token: ${await res.text()}`).toBe(422);
    } finally {
      await visitor.dispose();
    }
  });
});

import { anonymous, apiAs } from './api';
import { expect, signIn, test } from './fixtures';

/**
 * Product-side licensing (SPEC §8): the demo's order SO-1007 deposited a
 * floating pool of 10 "ISE-BASE-FLOAT" seats in a Virtual Account of Kunde
 * GmbH. A device registered there checks in and checks out 2 seats as a
 * lease; jana (German UI) sees the floating pool, the lease and the device's
 * check-in. The test releases the lease and deletes the device again.
 */

const PRODUCT = 'ISE-BASE-FLOAT';

interface OrderLineRef {
  smart_account: { id: number } | null;
  virtual_account: { id: number; name: string } | null;
  license_model: string;
}

test('a lease of floating seats shows on the Virtual Account page', async ({ page }) => {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const name = `e2e-ise-${run}`;
  const serial = `E2E-ISE-${run}`;
  const jana = await apiAs('jana@kunde.example');
  const visitor = await anonymous();
  let device: { device_id: number; device_secret: string } | undefined;
  let leaseId: number | undefined;
  try {
    // Where SO-1007's floating seats are.
    const orderRes = await jana.context.get('/api/v1/orders/SO-1007');
    expect(orderRes.status(), `GET SO-1007: ${await orderRes.text()}`).toBe(200);
    const [line] = ((await orderRes.json()) as { lines: OrderLineRef[] }).lines;
    expect(line.license_model).toBe('floating');
    const accountId = line.smart_account!.id;
    const va = line.virtual_account!;

    const token = await jana.post<{ token: string }>(`/api/v1/virtual-accounts/${va.id}/tokens`, {
      description: `E2E floating ${run}`,
      expires_in_days: 1,
      max_uses: 1,
      export_controlled: false,
    });
    const registered = await visitor.post('/api/v1/devices/register', {
      data: { token: token.token, name, serial, product: 'ISE-3615', deployment: 'on_prem' },
    });
    expect(registered.status(), `register: ${await registered.text()}`).toBe(201);
    device = (await registered.json()) as { device_id: number; device_secret: string };

    const checkIn = await visitor.post('/api/v1/devices/check-in', {
      data: { device_id: device.device_id, device_secret: device.device_secret, usage: [] },
    });
    expect(checkIn.status(), `check-in: ${await checkIn.text()}`).toBe(200);

    const leased = await visitor.post('/api/v1/leases', {
      data: { device_id: device.device_id, device_secret: device.device_secret, product: PRODUCT, count: 2 },
    });
    expect(leased.status(), `lease: ${await leased.text()}`).toBe(201);
    leaseId = ((await leased.json()) as { id: number }).id;

    await signIn(page, 'jana@kunde.example');
    await page.goto(`/smart-accounts/${accountId}/virtual-accounts/${va.id}`);
    await expect(page.getByRole('heading', { name: `${va.name} — Kunde GmbH`, level: 1 })).toBeVisible();

    // The floating pool has a line of its own, marked in words.
    const pool = page
      .getByRole('table', { name: 'Lizenzen nach Produkt' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: PRODUCT, exact: true }) });
    await expect(pool).toHaveCount(1);
    await expect(pool.getByRole('cell').first()).toHaveText('Floating');

    // The lease: who holds the seats.
    const lease = page.getByRole('table', { name: 'Aktive Leases' }).getByRole('row', { name: new RegExp(name) });
    await expect(lease).toContainText(serial);
    await expect(lease).toContainText(PRODUCT);
    await expect(lease.getByRole('cell').nth(2)).toHaveText('2');

    // The device checked in: authorized, with a check-in time.
    await page.getByRole('tablist', { name: 'Virtual Account' }).getByRole('tab', { name: 'Geräte' }).click();
    const search = page.getByRole('search', { name: 'Geräte suchen' });
    await search.getByRole('searchbox', { name: 'Name oder Seriennummer' }).fill(serial);
    await search.getByRole('button', { name: 'Suchen' }).click();
    const row = page.getByRole('table', { name: 'Geräte' }).getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('Autorisiert');
    await expect(row).not.toContainText('Meldet sich nicht');
    await expect(row.locator('time')).toHaveCount(1);

    // The order shows its line as floating.
    await page.goto('/orders/SO-1007');
    const orderLine = page.getByRole('table', { name: 'Bestellpositionen' }).getByRole('row', { name: new RegExp(PRODUCT) });
    await expect(orderLine).toContainText('Floating');
  } finally {
    if (device && leaseId !== undefined) {
      await visitor.delete(`/api/v1/leases/${leaseId}`, { data: { device_secret: device.device_secret } });
    }
    if (device) {
      await jana.context.delete(`/api/v1/devices/${device.device_id}`, { headers: { 'X-CSRF-Token': jana.csrf } });
    }
    await visitor.dispose();
    await jana.dispose();
  }
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Device, Lease, LicenseLot, LicenseSummaryRow, Order, OrderLine, SmartAccount } from '../api/types';
import { paula, renderApp, signedInServer } from '../test/mockApi';

// Product-side licensing (SPEC §8) in the UI: devices' check-ins, floating
// pools beside device pools, and who holds floating seats.

const VA_ACTIONS: SmartAccount['virtual_accounts'][number]['allowed_actions'] = ['view_assets', 'manage_assets', 'rename', 'delete'];
const account: SmartAccount = {
  id: 700,
  name: 'Kunde GmbH',
  domain: 'kunde-gmbh.example',
  kind: 'customer',
  status: 'active',
  legal_entity: { name: 'Kunde GmbH', country: 'DE' },
  created_at: '2026-11-21T10:00:00Z',
  activated_at: '2026-11-21T10:00:00Z',
  expires_at: null,
  virtual_accounts: [
    { id: 1, smart_account_id: 700, name: 'DEFAULT', description: '', created_at: '2026-11-21T10:00:00Z', allowed_actions: VA_ACTIONS },
    { id: 3, smart_account_id: 700, name: 'Labor', description: '', created_at: '2026-11-21T10:00:00Z', allowed_actions: VA_ACTIONS },
  ],
  my_roles: ['sa_admin'],
  allowed_actions: ['view_assets', 'manage_assets', 'manage_virtual_accounts', 'manage_members', 'view_events', 'transfer_assets'],
};

const base = '/api/v1/smart-accounts/700';
const page = '/smart-accounts/700/virtual-accounts/3';

function totals(license_model: 'device' | 'floating', changes: Partial<LicenseSummaryRow> = {}): LicenseSummaryRow {
  return {
    virtual_account_id: 3, virtual_account_name: 'Labor', product: 'ISE-BASE', license_model,
    purchased: 20, in_use: 5, reserved: 0, available: 15, shortage: 0, ...changes,
  };
}

/** The same product twice: 20 device licenses and a pool of 10 floating seats, 2 of them leased. */
const summary = [totals('device'), totals('floating', { purchased: 10, in_use: 2, available: 8 })];

function lot(id: number, license_model: 'device' | 'floating'): LicenseLot {
  return {
    id, product: 'ISE-BASE', quantity: license_model === 'floating' ? 10 : 20, in_use: 0, reserved: 0, available: 0,
    license_type: 'perpetual', buying_model: 'transactional', starts_at: '2026-11-20T12:00:00Z', ends_at: null, expired: false, usable: true,
    source: { order: 'SO-1007', line_number: id }, virtual_account_id: 3, virtual_account_name: 'Labor', license_model,
  };
}

function device(id: number, name: string, changes: Partial<Device>): Device {
  return {
    id, name, serial: `SN-${id}`, product: 'ISE-3615', deployment: 'on_prem', virtual_account_id: 3, virtual_account_name: 'Labor',
    usage: [], registered_at: '2026-06-01T12:00:00Z', last_seen_at: null, export_controlled: false,
    last_check_in_at: null, authorization_status: null, not_reporting: false, ...changes,
  };
}

const devices = [
  device(51, 'ise-ok', { last_check_in_at: '2026-11-30T12:00:00Z', authorization_status: 'authorized' }),
  device(52, 'ise-short', { last_check_in_at: '2026-11-29T12:00:00Z', authorization_status: 'out_of_compliance' }),
  device(53, 'ise-silent', { last_check_in_at: '2026-08-01T12:00:00Z', authorization_status: 'authorized', not_reporting: true }),
  device(54, 'ise-new', {}),
];

const lease: Lease = {
  id: 900, product: 'ISE-BASE', count: 2, device_id: 51, device_name: 'ise-ok', device_serial: 'SN-51', virtual_account_id: 3,
  created_at: '2026-12-03T09:00:00Z', heartbeat_at: '2026-12-03T09:10:00Z', expires_at: '2026-12-03T09:25:00Z',
};

function server({ leases = [lease], rows = summary, user = paula } = {}) {
  return signedInServer(user)
    .on(`GET ${base}`, { body: account })
    .on(`GET ${base}/license-summary`, { body: { items: rows, next_cursor: null } })
    .on(`GET ${base}/licenses`, { body: { items: [lot(1, 'device'), lot(2, 'floating')], next_cursor: null } })
    .on(`GET ${base}/leases`, { body: { items: leases, next_cursor: null } })
    .on(`GET ${base}/devices`, { body: { items: devices, next_cursor: null } });
}

/** The cell of `rowName`'s row under the column `column` (the row header is the first column). */
function cell(table: HTMLElement, rowName: RegExp, column: string): HTMLElement {
  const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
  const index = headers.indexOf(column);
  expect(index, `column ${column} in ${headers.join(', ')}`).toBeGreaterThan(0);
  return within(within(table).getByRole('row', { name: rowName })).getAllByRole('cell')[index - 1];
}

describe('Devices: check-ins (product-side licensing)', () => {
  it('shows the last check-in, the authorization status and "Not reporting" in words', async () => {
    renderApp(server(), `${page}?tab=devices`);
    const table = await screen.findByRole('table', { name: 'Devices' });
    const checkIn = cell(table, /ise-ok/, 'Last check-in');
    expect(checkIn.querySelector('time')).toHaveAttribute('datetime', '2026-11-30T12:00:00Z');
    expect(checkIn).toHaveTextContent('Nov 30, 2026');
    expect(cell(table, /ise-ok/, 'Status')).toHaveTextContent(/^Authorized$/);
    expect(cell(table, /ise-short/, 'Status')).toHaveTextContent(/^Out of compliance$/);
    expect(cell(table, /ise-silent/, 'Status')).toHaveTextContent('Authorized');
    expect(cell(table, /ise-silent/, 'Status')).toHaveTextContent('Not reporting');
    expect(cell(table, /ise-new/, 'Last check-in')).toHaveTextContent(/^Never$/);
    expect(cell(table, /ise-new/, 'Status')).toHaveTextContent(/^—$/);
    expect(within(table).getAllByText('Not reporting')).toHaveLength(1);
  });

  it('speaks German and French', async () => {
    const { unmount } = renderApp(server({ user: { ...paula, locale: 'de' } }), `${page}?tab=devices`);
    let table = await screen.findByRole('table', { name: 'Geräte' });
    expect(cell(table, /ise-silent/, 'Status')).toHaveTextContent('Autorisiert Meldet sich nicht');
    expect(cell(table, /ise-short/, 'Status')).toHaveTextContent('Nicht konform');
    expect(cell(table, /ise-new/, 'Letzter Check-in')).toHaveTextContent('Nie');
    unmount();
    renderApp(server({ user: { ...paula, locale: 'fr' } }), `${page}?tab=devices`);
    table = await screen.findByRole('table', { name: 'Appareils' });
    expect(cell(table, /ise-silent/, 'État')).toHaveTextContent('Autorisé Ne communique plus');
    expect(cell(table, /ise-short/, 'État')).toHaveTextContent('Non conforme');
    expect(cell(table, /ise-new/, 'Dernier enregistrement')).toHaveTextContent('Jamais');
  });
});

describe('Licenses: floating pools and leases', () => {
  it("keeps a product's device and floating pools apart in the summary and marks floating lots", async () => {
    renderApp(server(), page);
    const table = await screen.findByRole('table', { name: 'Licenses by product' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Product', 'License model', 'Purchased', 'In use', 'Reserved', 'Available', 'Shortage',
    ]);
    const rows = within(table).getAllByRole('row', { name: /ISE-BASE/ });
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 2).map((c) => c.textContent))).toEqual([
      ['Per device', '20'],
      ['Floating', '10'],
    ]);
    const lots = screen.getByRole('table', { name: 'License lots' });
    expect(within(lots).getAllByRole('columnheader').map((h) => h.textContent)).toContain('License model');
    expect(cell(lots, /SO-1007, line 2/, 'License model')).toHaveTextContent('Floating');
    expect(cell(lots, /SO-1007, line 1/, 'License model')).toHaveTextContent('Per device');
  });

  it('lists who holds floating seats, since when and until when', async () => {
    const s = server();
    renderApp(s, page);
    const table = await screen.findByRole('table', { name: 'Active leases' });
    expect(screen.getByRole('heading', { name: 'Floating license leases', level: 3 })).toBeInTheDocument();
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Device', 'Serial', 'Product', 'Seats', 'Since', 'Expires',
    ]);
    const row = within(table).getByRole('row', { name: /ise-ok/ });
    const cells = within(row).getAllByRole('cell');
    expect(cells.slice(0, 3).map((c) => c.textContent)).toEqual(['SN-51', 'ISE-BASE', '2']);
    expect(cells[3].querySelector('time')).toHaveAttribute('datetime', '2026-12-03T09:00:00Z');
    expect(cells[4].querySelector('time')).toHaveAttribute('datetime', '2026-12-03T09:25:00Z');
    expect(s.callsTo(`GET ${base}/leases`)[0].query.get('virtual_account_id')).toBe('3');
  });

  it('says when no device holds a floating seat', async () => {
    renderApp(server({ leases: [] }), page);
    expect(await screen.findByText('No device holds a floating license seat of this Virtual Account.')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Active leases' })).not.toBeInTheDocument();
  });

  it('moves floating seats as their own pool', async () => {
    const user = userEvent.setup();
    const s = server().on('POST /api/v1/virtual-accounts/3/license-moves', {
      body: { product: 'ISE-BASE', quantity: 3, from: summary[1], to: { ...summary[1], virtual_account_id: 1 } },
    });
    renderApp(s, page);
    const form = await screen.findByRole('form', { name: 'Move licenses' });
    const product = within(form).getByLabelText('Product');
    expect(within(product).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Choose a product',
      'ISE-BASE (15 available)',
      'ISE-BASE, floating (8 available)',
    ]);
    await user.selectOptions(product, 'ISE-BASE, floating (8 available)');
    await user.clear(within(form).getByLabelText('Quantity'));
    await user.type(within(form).getByLabelText('Quantity'), '3');
    await user.selectOptions(within(form).getByLabelText('To virtual account'), 'DEFAULT');
    await user.click(within(form).getByRole('button', { name: 'Move' }));
    expect(await screen.findByText('Moved 3 × ISE-BASE (floating) to DEFAULT.')).toBeInTheDocument();
    expect(s.callsTo('POST /api/v1/virtual-accounts/3/license-moves')[0].body).toEqual({
      to_virtual_account_id: 1, product: 'ISE-BASE', quantity: 3, license_model: 'floating',
    });
  });
});

describe('Show Counts with floating pools', () => {
  it("shows a product's device and floating lines as two rows with their model", async () => {
    const user = userEvent.setup();
    const s = signedInServer()
      .on(`GET ${base}`, { body: account })
      .on(`GET ${base}/virtual-accounts`, { body: { items: account.virtual_accounts } })
      .on(`GET ${base}/asset-summary`, {
        body: {
          licenses: [
            { product: 'ISE-BASE', license_model: 'device', purchased: 20, in_use: 5, reserved: 0, available: 15, shortage: 0 },
            { product: 'ISE-BASE', license_model: 'floating', purchased: 10, in_use: 2, reserved: 0, available: 8, shortage: 0 },
          ],
          devices: 4,
        },
      });
    renderApp(s, '/smart-accounts/700');
    await user.click(await screen.findByRole('button', { name: 'Show Counts' }));
    const table = await screen.findByRole('table', { name: 'Licenses by product' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Product', 'License model', 'Purchased', 'In use', 'Reserved', 'Available',
    ]);
    const rows = within(table).getAllByRole('row', { name: /ISE-BASE/ });
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['Per device', '20', '5', '0', '15'],
      ['Floating', '10', '2', '0', '8'],
    ]);
  });
});

describe('Order lines of floating licenses', () => {
  function line(n: number, license_model: OrderLine['license_model']): OrderLine {
    return {
      line_number: n, sku: n === 2 ? 'ISE-BASE-FLOAT' : 'ISE-BASE', description: `Line ${n}`, quantity: 10, license_type: 'perpetual',
      term_months: null, buying_model: 'transactional', smart_enabled: true, shipped_at: '2026-11-19T12:00:00Z', smart_account: null,
      virtual_account: null, sa_hold: true, export_hold: false, deposited: false, deposited_at: null, allowed_actions: [], license_model,
    };
  }
  const order: Order = {
    sales_order_number: 'SO-1007', web_order_number: 'WO-5007', purchaser_name: 'Partner AG', end_customer_name: 'Kunde GmbH',
    contacts: [], created_at: '2026-11-18T10:00:00Z', sa_hold: true, export_hold: { on: false, reason: null }, can_assign: false,
    allowed_actions: [], lines: [line(1, 'device'), line(2, 'floating')],
  };

  it('marks a floating line, and only it, beside its license type', async () => {
    const s = signedInServer()
      .on('GET /api/v1/orders/SO-1007', { body: order })
      .on('GET /api/v1/orders/SO-1007/history', { body: { items: [] } })
      .on('GET /api/v1/orders/SO-1007/diagnosis', { body: { lines: [] } });
    renderApp(s, '/orders/SO-1007');
    const table = await screen.findByRole('table', { name: 'Order lines' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const [, device, floating] = within(table).getAllByRole('row');
    const typeColumn = within(table).getAllByRole('columnheader').findIndex((h) => h.textContent === 'License type');
    expect(within(floating).getAllByRole('cell')[typeColumn - 1]).toHaveTextContent(/^Perpetual Floating$/);
    expect(within(device).getAllByRole('cell')[typeColumn - 1]).toHaveTextContent(/^Perpetual$/);
  });
});

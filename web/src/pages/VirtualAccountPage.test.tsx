import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Device, LicenseLot, RegistrationToken, SmartAccount, VirtualAccount } from '../api/types';
import { paula, problem, renderApp, signedInServer } from '../test/mockApi';

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
    { id: 1, smart_account_id: 700, name: 'DEFAULT', description: '', created_at: '2026-11-21T10:00:00Z', allowed_actions: ['view_assets', 'manage_assets', 'rename', 'delete'] },
    { id: 2, smart_account_id: 700, name: 'Produktion', description: '', created_at: '2026-11-21T10:00:00Z', allowed_actions: ['view_assets', 'manage_assets', 'rename', 'delete'] },
    { id: 3, smart_account_id: 700, name: 'Labor', description: 'Test devices', created_at: '2026-11-21T10:00:00Z', allowed_actions: ['view_assets', 'manage_assets', 'rename', 'delete'] },
  ],
  my_roles: ['sa_admin'],
  allowed_actions: ['view_assets', 'manage_assets', 'manage_virtual_accounts', 'manage_members', 'view_events', 'transfer_assets'],
};

/** The account as the server describes it to someone with `roles`, allowed `labActions` on the Labor VA. */
function accountFor(roles: string[], labActions?: VirtualAccount['allowed_actions']): SmartAccount {
  if (!labActions) return { ...account, my_roles: roles };
  return {
    ...account,
    my_roles: roles,
    allowed_actions: ['view_assets'],
    virtual_accounts: account.virtual_accounts.map((v) => (v.id === 3 ? { ...v, allowed_actions: labActions } : v)),
  };
}

const base = '/api/v1/smart-accounts/700';
const page = '/smart-accounts/700/virtual-accounts/3';

const summary = [
  { virtual_account_id: 3, virtual_account_name: 'Labor', product: 'C9200-NW-A-3Y', license_model: 'device', purchased: 10, in_use: 4, reserved: 0, available: 6, shortage: 0 },
  { virtual_account_id: 3, virtual_account_name: 'Labor', product: 'E2E-SENSOR', license_model: 'device', purchased: 0, in_use: 3, reserved: 0, available: 0, shortage: 3 },
];

const lot: LicenseLot = {
  id: 1,
  product: 'C9200-NW-A-3Y',
  quantity: 10,
  in_use: 4,
  reserved: 0,
  available: 6,
  license_type: 'term',
  buying_model: 'enterprise_agreement',
  starts_at: '2026-01-01T00:00:00Z',
  ends_at: '2029-01-01T00:00:00Z',
  expired: false,
  usable: true,
  source: { order: '100200300', line_number: 2 },
  virtual_account_id: 3,
  virtual_account_name: 'Labor',
  license_model: 'device',
};

const device: Device = {
  id: 55,
  name: 'switch-lab-1',
  serial: 'FOC1234X',
  product: 'C9200-24T',
  deployment: 'on_prem',
  virtual_account_id: 3,
  virtual_account_name: 'Labor',
  usage: [{ product: 'C9200-NW-A-3Y', count: 4 }],
  registered_at: '2026-11-20T09:00:00Z',
  last_seen_at: '2026-11-21T09:00:00Z',
  export_controlled: false,
  last_check_in_at: null,
  authorization_status: null,
  not_reporting: false,
};

const token: RegistrationToken = {
  id: 9,
  description: 'Lab rollout',
  virtual_account_id: 3,
  export_controlled: false,
  max_uses: 10,
  uses: 2,
  created_at: '2026-11-20T09:00:00Z',
  expires_at: '2026-12-20T09:00:00Z',
  revoked_at: null,
  status: 'active',
};

function server(roles = ['sa_admin'], user = paula, labActions?: VirtualAccount['allowed_actions']) {
  return signedInServer(user)
    .on(`GET ${base}`, { body: accountFor(roles, labActions) })
    .on(`GET ${base}/license-summary`, { body: { items: summary, next_cursor: null } })
    .on(`GET ${base}/licenses`, { body: { items: [lot], next_cursor: null } })
    .on(`GET ${base}/leases`, { body: { items: [], next_cursor: null } })
    .on(`GET ${base}/devices`, (call) => ({
      body: call.query.get('cursor')
        ? { items: [{ ...device, id: 56, name: 'switch-lab-2', serial: 'FOC5678Y', usage: [] }], next_cursor: null }
        : { items: [device], next_cursor: 'c2' },
    }))
    .on('GET /api/v1/virtual-accounts/3/tokens', { body: { items: [token], next_cursor: null } });
}

describe('Virtual Account page', () => {
  it('is linked from the Smart Account page and shows the VA and account names', async () => {
    const user = userEvent.setup();
    const s = server().on(`GET ${base}/virtual-accounts`, { body: { items: account.virtual_accounts } });
    renderApp(s, '/smart-accounts/700');
    await user.click(await screen.findByRole('link', { name: 'Labor' }));
    expect(await screen.findByRole('heading', { name: 'Labor — Kunde GmbH', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(page);
    const tabs = within(screen.getByRole('tablist', { name: 'Virtual Account' })).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Licenses', 'Devices', 'Registration Tokens']);
  });

  it('highlights a product with a shortage with a class and visible text', async () => {
    renderApp(server(), page);
    const table = await screen.findByRole('table', { name: 'Licenses by product' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Product', 'Purchased', 'In use', 'Reserved', 'Available', 'Shortage',
    ]);
    const ok = within(table).getByRole('row', { name: /C9200-NW-A-3Y/ });
    const short = within(table).getByRole('row', { name: /E2E-SENSOR/ });
    expect(ok).not.toHaveClass('row-shortage');
    expect(short).toHaveClass('row-shortage');
    expect(within(short).getAllByRole('cell').at(-1)).toHaveTextContent('3 Shortage');
    expect(within(ok).queryByText('Shortage')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      `${base}/licenses?virtual_account_id=3&format=csv`,
    );
  });

  it('lists license lots with type, buying model and source order', async () => {
    renderApp(server(), page);
    const table = await screen.findByRole('table', { name: 'License lots' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Term');
    expect(row).toHaveTextContent('Enterprise Agreement');
    expect(within(row).getByRole('link', { name: '100200300, line 2' })).toHaveAttribute('href', '/orders/100200300');
  });

  it('moves licenses with the right body and shows the detail of a 409', async () => {
    const user = userEvent.setup();
    const s = server().on('POST /api/v1/virtual-accounts/3/license-moves', {
      status: 409,
      body: problem(409, 'insufficient_licenses', 'Only 6 licenses of C9200-NW-A-3Y are available.'),
    });
    renderApp(s, page);
    const form = await screen.findByRole('form', { name: 'Move licenses' });
    const productSelect = within(form).getByLabelText('Product');
    // Only products with licenses available are offered.
    expect(within(productSelect).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Choose a product',
      'C9200-NW-A-3Y (6 available)',
    ]);
    const toSelect = within(form).getByLabelText('To virtual account');
    expect(within(toSelect).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Choose a Virtual Account', 'DEFAULT', 'Produktion',
    ]);
    await user.selectOptions(productSelect, 'C9200-NW-A-3Y (6 available)');
    await user.clear(within(form).getByLabelText('Quantity'));
    await user.type(within(form).getByLabelText('Quantity'), '7');
    await user.selectOptions(toSelect, 'Produktion');
    await user.click(within(form).getByRole('button', { name: 'Move' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Only 6 licenses of C9200-NW-A-3Y are available.');
    const calls = s.callsTo('POST /api/v1/virtual-accounts/3/license-moves');
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ to_virtual_account_id: 2, product: 'C9200-NW-A-3Y', quantity: 7 });
    expect(calls[0].headers['x-csrf-token']).toBe('csrf-from-me');
  });

  it('reports a successful move and refetches the summary', async () => {
    const user = userEvent.setup();
    const s = server().on('POST /api/v1/virtual-accounts/3/license-moves', {
      body: { product: 'C9200-NW-A-3Y', quantity: 2, from: summary[0], to: { ...summary[0], virtual_account_id: 1 } },
    });
    renderApp(s, page);
    const form = await screen.findByRole('form', { name: 'Move licenses' });
    await user.selectOptions(within(form).getByLabelText('Product'), 'C9200-NW-A-3Y (6 available)');
    await user.clear(within(form).getByLabelText('Quantity'));
    await user.type(within(form).getByLabelText('Quantity'), '2');
    await user.selectOptions(within(form).getByLabelText('To virtual account'), 'DEFAULT');
    const before = s.callsTo(`GET ${base}/license-summary`).length;
    await user.click(within(form).getByRole('button', { name: 'Move' }));
    expect(await screen.findByText('Moved 2 × C9200-NW-A-3Y to DEFAULT.')).toBeInTheDocument();
    await waitFor(() => expect(s.callsTo(`GET ${base}/license-summary`).length).toBeGreaterThan(before));
  });

  it('checks the move form locally before sending', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, page);
    const form = await screen.findByRole('form', { name: 'Move licenses' });
    await user.click(within(form).getByRole('button', { name: 'Move' }));
    expect(within(form).getByLabelText('Product')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('To virtual account')).toHaveAttribute('aria-invalid', 'true');
    expect(s.callsTo('POST /api/v1/virtual-accounts/3/license-moves')).toHaveLength(0);
  });

  it("shows the move form only where the server allows it, whatever the caller's roles", async () => {
    // A va_user of Produktion holds a managing role, but not in Labor: the server lists only view_assets there.
    renderApp(server(['va_user'], paula, ['view_assets']), page);
    await screen.findByRole('table', { name: 'Licenses by product' });
    expect(screen.queryByRole('form', { name: 'Move licenses' })).not.toBeInTheDocument();
  });

  it('hides the move form, device delete and token management from viewers', async () => {
    const user = userEvent.setup();
    renderApp(server(['sa_viewer'], paula, ['view_assets']), page);
    await screen.findByRole('table', { name: 'Licenses by product' });
    expect(screen.queryByRole('form', { name: 'Move licenses' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Devices' }));
    await screen.findByRole('table', { name: 'Devices' });
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Registration Tokens' }));
    await screen.findByRole('table', { name: 'Registration tokens' });
    expect(screen.queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Create a registration token' })).not.toBeInTheDocument();
  });

  it('lists devices with usage, searches by q and loads more', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, `${page}?tab=devices`);
    const table = await screen.findByRole('table', { name: 'Devices' });
    const row = within(table).getByRole('row', { name: /switch-lab-1/ });
    expect(row).toHaveTextContent('FOC1234X');
    expect(row).toHaveTextContent('On-premises');
    expect(row).toHaveTextContent('C9200-NW-A-3Y × 4');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      `${base}/devices?virtual_account_id=3&format=csv`,
    );
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByRole('row', { name: /switch-lab-2/ })).toBeInTheDocument();
    expect(s.callsTo(`GET ${base}/devices`).at(-1)!.query.get('cursor')).toBe('c2');
    const search = screen.getByRole('search', { name: 'Search devices' });
    await user.type(within(search).getByRole('searchbox', { name: 'Name or serial number' }), 'FOC1234X');
    await user.click(within(search).getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(s.callsTo(`GET ${base}/devices`).at(-1)!.query.get('q')).toBe('FOC1234X'));
    expect(s.callsTo(`GET ${base}/devices`).at(-1)!.query.get('virtual_account_id')).toBe('3');
  });

  it('asks before deleting a device, and deletes it on confirmation', async () => {
    const user = userEvent.setup();
    const s = server().on('DELETE /api/v1/devices/55', { status: 204 });
    renderApp(s, `${page}?tab=devices`);
    await user.click(await screen.findByRole('button', { name: 'Delete switch-lab-1' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete device' });
    expect(dialog).toHaveTextContent('switch-lab-1');
    expect(dialog).toHaveTextContent('FOC1234X');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(s.callsTo('DELETE /api/v1/devices/55')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Delete switch-lab-1' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Device “switch-lab-1” deleted.')).toBeInTheDocument();
    expect(s.callsTo('DELETE /api/v1/devices/55')).toHaveLength(1);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('lists tokens with status and uses', async () => {
    renderApp(server(), `${page}?tab=tokens`);
    const table = await screen.findByRole('table', { name: 'Registration tokens' });
    const row = within(table).getByRole('row', { name: /Lab rollout/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Active', '2 / 10', 'Dec 20, 2026', 'No', 'Revoke',
    ]);
  });

  it('creates a token and shows its secret once, until "Done"', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const s = server().on('POST /api/v1/virtual-accounts/3/tokens', {
      status: 201,
      body: { ...token, id: 10, description: 'Sensors', uses: 0, export_controlled: true, token: 'rt_secret123' },
    });
    renderApp(s, `${page}?tab=tokens`);
    const form = await screen.findByRole('form', { name: 'Create a registration token' });
    expect(within(form).getByLabelText('Expires in (days)')).toHaveValue(30);
    expect(within(form).getByLabelText('Maximum uses')).toHaveValue(10);
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(within(form).getByLabelText('Description')).toHaveAttribute('aria-invalid', 'true');
    expect(s.callsTo('POST /api/v1/virtual-accounts/3/tokens')).toHaveLength(0);

    await user.type(within(form).getByLabelText('Description'), 'Sensors');
    await user.click(within(form).getByLabelText('Allow export-controlled functionality'));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    const panel = await screen.findByRole('region', { name: 'Token “Sensors” created' });
    expect(within(panel).getByLabelText('Secret token')).toHaveValue('rt_secret123');
    expect(panel).toHaveTextContent('it will not be shown again');
    expect(s.callsTo('POST /api/v1/virtual-accounts/3/tokens')[0].body).toEqual({
      description: 'Sensors',
      expires_in_days: 30,
      max_uses: 10,
      export_controlled: true,
    });
    await user.click(within(panel).getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith('rt_secret123');
    expect(await within(panel).findByText('Copied to the clipboard.')).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: /created/ })).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue('rt_secret123')).not.toBeInTheDocument();
    expect(screen.queryByText('rt_secret123')).not.toBeInTheDocument();
  });

  it('says so when copying is impossible', async () => {
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    const s = server().on('POST /api/v1/virtual-accounts/3/tokens', {
      status: 201,
      body: { ...token, id: 10, description: 'Sensors', token: 'rt_secret123' },
    });
    renderApp(s, `${page}?tab=tokens`);
    const form = await screen.findByRole('form', { name: 'Create a registration token' });
    await user.type(within(form).getByLabelText('Description'), 'Sensors');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    const panel = await screen.findByRole('region', { name: 'Token “Sensors” created' });
    await user.click(within(panel).getByRole('button', { name: 'Copy' }));
    expect(await within(panel).findByText(/Could not copy/)).toBeInTheDocument();
  });

  it('revokes a token after confirmation', async () => {
    const user = userEvent.setup();
    const s = server().on('DELETE /api/v1/virtual-accounts/3/tokens/9', { status: 204 });
    renderApp(s, `${page}?tab=tokens`);
    await user.click(await screen.findByRole('button', { name: 'Revoke Lab rollout' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke registration token' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('Token “Lab rollout” revoked.')).toBeInTheDocument();
    expect(s.callsTo('DELETE /api/v1/virtual-accounts/3/tokens/9')).toHaveLength(1);
  });

  it('shows "not found" for a Virtual Account the account does not have', async () => {
    renderApp(server(), '/smart-accounts/700/virtual-accounts/99');
    expect(await screen.findByRole('heading', { name: 'Virtual Account not found', level: 1 })).toBeInTheDocument();
  });

  it('speaks German', async () => {
    renderApp(server(['sa_admin'], { ...paula, locale: 'de' }), page);
    const table = await screen.findByRole('table', { name: 'Lizenzen nach Produkt' });
    expect(within(table).getByRole('row', { name: /E2E-SENSOR/ })).toHaveTextContent('Fehlbestand');
    expect(screen.getByRole('form', { name: 'Lizenzen verschieben' })).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Lizenzen', 'Geräte', 'Registrierungstoken']);
  });
});

describe('Find My License', () => {
  it('shows where a device is, with links to the account and the Virtual Account', async () => {
    const user = userEvent.setup();
    const s = signedInServer().on('GET /api/v1/find', (call) =>
      call.query.get('q') === 'FOC1234X'
        ? {
            body: {
              kind: 'device',
              device: {
                id: 55, name: 'switch-lab-1', serial: 'FOC1234X', product: 'C9200-24T', deployment: 'cloud',
                smart_account: { id: 700, name: 'Kunde GmbH' }, virtual_account: { id: 3, name: 'Labor' },
              },
            },
          }
        : { status: 404, body: problem(404, 'not_found', 'Nothing found.') },
    );
    renderApp(s, '/find');
    await user.type(await screen.findByRole('searchbox', { name: 'Order number, license id or serial number' }), 'FOC1234X');
    await user.click(screen.getByRole('button', { name: 'Find' }));
    const result = await screen.findByRole('region', { name: 'Device switch-lab-1' });
    expect(result).toHaveTextContent('FOC1234X');
    expect(result).toHaveTextContent('C9200-24T');
    expect(result).toHaveTextContent('Cloud');
    expect(within(result).getByRole('link', { name: 'Kunde GmbH' })).toHaveAttribute('href', '/smart-accounts/700');
    expect(within(result).getByRole('link', { name: 'Labor' })).toHaveAttribute('href', '/smart-accounts/700/virtual-accounts/3');
    expect(screen.getByTestId('location')).toHaveTextContent('/find?q=FOC1234X');
  });

  it('says when nothing is found', async () => {
    renderApp(signedInServer().on('GET /api/v1/find', { status: 404, body: problem(404, 'not_found', 'Nothing found.') }), '/find?q=XYZ');
    expect(await screen.findByText('Nothing found for “XYZ”.')).toBeInTheDocument();
  });
});

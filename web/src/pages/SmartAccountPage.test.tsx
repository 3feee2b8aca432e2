import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SmartAccount, VirtualAccount } from '../api/types';
import { problem, renderApp, signedInServer } from '../test/mockApi';

const account: SmartAccount = {
  id: 700,
  name: 'Kunde GmbH',
  domain: 'kunde-gmbh.example',
  kind: 'customer',
  status: 'pending',
  legal_entity: { name: 'Kunde GmbH', country: 'DE' },
  created_at: '2026-11-21T10:00:00Z',
  activated_at: null,
  expires_at: '2027-02-19T10:00:00Z',
  virtual_accounts: [
    { id: 1, smart_account_id: 700, name: 'DEFAULT', description: '', created_at: '2026-11-21T10:00:00Z', allowed_actions: [] },
    { id: 2, smart_account_id: 700, name: 'Lab', description: 'Test devices', created_at: '2026-11-21T10:00:00Z', allowed_actions: [] },
  ],
  my_roles: ['sa_admin'],
  allowed_actions: ['view_assets', 'manage_assets', 'manage_virtual_accounts', 'manage_members', 'view_events', 'transfer_assets'],
};

/** What the server lists for each role in these tests (domain/authorization decides on the server). */
const ACTIONS: Record<string, string[]> = {
  sa_admin: account.allowed_actions ?? [],
  sa_user: ['view_assets', 'manage_assets'],
};
/** …and for each of its Virtual Accounts. */
const VA_ACTIONS: Record<string, VirtualAccount['allowed_actions']> = {
  sa_admin: ['view_assets', 'manage_assets', 'rename', 'delete'],
  sa_user: ['view_assets', 'manage_assets'],
};

const base = '/api/v1/smart-accounts/700';

function server(roles = ['sa_admin']) {
  const virtualAccounts = account.virtual_accounts.map((va) => ({ ...va, allowed_actions: roles.flatMap((r) => VA_ACTIONS[r] ?? []) }));
  return signedInServer()
    .on(`GET ${base}`, {
      body: { ...account, my_roles: roles, allowed_actions: roles.flatMap((r) => ACTIONS[r] ?? []), virtual_accounts: virtualAccounts },
    })
    .on(`GET ${base}/virtual-accounts`, { body: { items: virtualAccounts } })
    .on(`GET ${base}/members`, {
      body: {
        items: [
          { user_id: 5, email: 'jana@kunde.example', name: 'Jana Kunde', role: 'sa_admin', virtual_account_id: null, virtual_account_name: null },
          { user_id: 6, email: 'tom@kunde.example', name: 'Tom', role: 'va_user', virtual_account_id: 2, virtual_account_name: 'Lab' },
        ],
        invitations: [
          { id: 1, email: 'neu@kunde.example', role: 'sa_user', virtual_account_id: null, created_at: '2026-11-21T10:00:00Z', expires_at: '2026-12-21T10:00:00Z' },
        ],
      },
    })
    .on(`GET ${base}/events`, (call) => ({
      body: {
        items:
          call.query.get('action') === 'nothing'
            ? []
            : [
                {
                  id: 1, at: '2026-11-21T10:00:00Z', actor: 'paula@partner.example', action: 'smart_account.requested',
                  target_type: 'smart_account', target_id: 700, before: null, after: { status: 'pending' }, reason: null, case_number: null,
                },
                {
                  id: 2, at: '2026-11-21T11:00:00Z', actor: { email: 'support@vendor.example', name: 'Sam Support' }, action: 'member.added',
                  target_type: 'user', target_id: 6, before: null, after: null, reason: 'Customer asked', case_number: 'CASE-42',
                },
              ],
        next_cursor: null,
      },
    }));
}

describe('Smart Account page', () => {
  it('shows the header with status badge and expiry of a pending account', async () => {
    renderApp(server(), '/smart-accounts/700');
    expect(await screen.findByRole('heading', { name: 'Kunde GmbH', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('kunde-gmbh.example')).toBeInTheDocument();
    expect(screen.getByText('Kunde GmbH (DE)')).toBeInTheDocument();
    expect(screen.getAllByText('Pending').length).toBeGreaterThan(0);
    expect(screen.getByText('Expires').nextElementSibling).toHaveTextContent('Feb 19, 2027');
  });

  it('shows a 404 as "not found"', async () => {
    renderApp(signedInServer(), '/smart-accounts/999');
    expect(await screen.findByRole('heading', { name: 'Smart Account not found' })).toBeInTheDocument();
  });

  it('shows counts on request, with the empty state', async () => {
    const user = userEvent.setup();
    const s = server().on(`GET ${base}/asset-summary`, { body: { licenses: [], devices: 0 } });
    renderApp(s, '/smart-accounts/700');
    const button = await screen.findByRole('button', { name: 'Show Counts' });
    expect(s.callsTo(`GET ${base}/asset-summary`)).toHaveLength(0);
    await user.click(button);
    expect(await screen.findByText('This Smart Account has no licenses.')).toBeInTheDocument();
    expect(screen.getByText('Devices: 0')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Hide Counts' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows the license counts table', async () => {
    const user = userEvent.setup();
    const s = server().on(`GET ${base}/asset-summary`, {
      body: { licenses: [{ product: 'DNA Advantage', purchased: 100, in_use: 40, reserved: 10, available: 50 }], devices: 12 },
    });
    renderApp(s, '/smart-accounts/700');
    await user.click(await screen.findByRole('button', { name: 'Show Counts' }));
    const table = await screen.findByRole('table', { name: 'Licenses by product' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Product', 'Purchased', 'In use', 'Reserved', 'Available',
    ]);
    expect(within(table).getAllByRole('cell').map((c) => c.textContent)).toEqual(['100', '40', '10', '50']);
    expect(screen.getByText('Devices: 12')).toBeInTheDocument();
  });

  it('has ARIA tabs that follow the arrow keys', async () => {
    const user = userEvent.setup();
    renderApp(server(), '/smart-accounts/700');
    const tablist = await screen.findByRole('tablist', { name: 'Smart Account' });
    const tabs = within(tablist).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Virtual Accounts', 'Users', 'Event Log']);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Virtual Accounts' })).toBeInTheDocument();
    tabs[0].focus();
    await user.keyboard('{ArrowRight}');
    expect(within(tablist).getByRole('tab', { name: 'Users' })).toHaveAttribute('aria-selected', 'true');
    expect(within(tablist).getByRole('tab', { name: 'Users' })).toHaveFocus();
    expect(await screen.findByRole('tabpanel', { name: 'Users' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/smart-accounts/700?tab=users');
    await user.keyboard('{End}');
    expect(within(tablist).getByRole('tab', { name: 'Event Log' })).toHaveAttribute('aria-selected', 'true');
  });

  describe('Virtual Accounts tab', () => {
    it('creates, renames and deletes (showing a 409)', async () => {
      const user = userEvent.setup();
      const s = server()
        .on(`POST ${base}/virtual-accounts`, (call) => ({ status: 201, body: { id: 3, ...(call.body as object) } }))
        .on('PATCH /api/v1/virtual-accounts/2', (call) => ({ body: { id: 2, ...(call.body as object) } }))
        .on('DELETE /api/v1/virtual-accounts/2', {
          status: 409,
          body: problem(409, 'virtual_account_not_empty', 'The Virtual Account Lab still holds licenses.'),
        });
      renderApp(s, '/smart-accounts/700');
      const table = await screen.findByRole('table', { name: 'Virtual Accounts' });
      expect(within(table).getAllByRole('rowheader').map((r) => r.textContent)).toEqual(['DEFAULT', 'Lab']);

      const create = screen.getByRole('form', { name: 'New Virtual Account' });
      await user.type(within(create).getByLabelText('Name'), 'Production');
      await user.type(within(create).getByLabelText('Description'), 'Live');
      await user.click(within(create).getByRole('button', { name: 'Create Virtual Account' }));
      expect(await screen.findByText('Virtual Account “Production” created.')).toBeInTheDocument();
      expect(s.callsTo(`POST ${base}/virtual-accounts`)[0].body).toEqual({ name: 'Production', description: 'Live' });

      await user.click(screen.getByRole('button', { name: 'Rename Lab' }));
      const rename = screen.getByRole('form', { name: 'Rename “Lab”' });
      await user.clear(within(rename).getByLabelText('Name'));
      await user.type(within(rename).getByLabelText('Name'), 'Labor');
      await user.click(within(rename).getByRole('button', { name: 'Save' }));
      expect(await screen.findByText('Virtual Account “Labor” saved.')).toBeInTheDocument();
      expect(s.callsTo('PATCH /api/v1/virtual-accounts/2')[0].body).toEqual({ name: 'Labor', description: 'Test devices' });

      await user.click(screen.getByRole('button', { name: 'Delete Lab' }));
      const confirm = screen.getByRole('alertdialog', { name: 'Delete Virtual Account' });
      expect(confirm).toHaveAccessibleDescription(expect.stringContaining('Delete the Virtual Account “Lab”?'));
      await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
      expect(await within(confirm).findByRole('alert')).toHaveTextContent('The Virtual Account Lab still holds licenses.');
      await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    });

    it('offers rename and delete per Virtual Account as the server lists them', async () => {
      const s = server();
      const items = account.virtual_accounts.map((va) => ({
        ...va,
        allowed_actions: va.name === 'DEFAULT' ? (['view_assets', 'rename'] as VirtualAccount['allowed_actions']) : VA_ACTIONS.sa_admin,
      }));
      s.on(`GET ${base}/virtual-accounts`, { body: { items } });
      renderApp(s, '/smart-accounts/700');
      await screen.findByRole('table', { name: 'Virtual Accounts' });
      expect(await screen.findByRole('button', { name: 'Rename DEFAULT' })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Delete DEFAULT' })).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Delete Lab' })).toBeInTheDocument();
    });

    it('shows no management controls without sa_admin', async () => {
      renderApp(server(['sa_user']), '/smart-accounts/700');
      await screen.findByRole('table', { name: 'Virtual Accounts' });
      expect(screen.queryByRole('button', { name: /Rename|Delete/ })).not.toBeInTheDocument();
      expect(screen.queryByRole('form', { name: 'New Virtual Account' })).not.toBeInTheDocument();
    });
  });

  describe('Users tab', () => {
    it('lists members and invitations', async () => {
      renderApp(server(), '/smart-accounts/700?tab=users');
      const members = await screen.findByRole('table', { name: 'Members' });
      const rows = within(members).getAllByRole('row').slice(1);
      expect(within(rows[0]).getByRole('rowheader')).toHaveTextContent('jana@kunde.example');
      expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent).slice(0, 3)).toEqual([
        'Jana Kunde', 'Smart Account administrator', 'All Virtual Accounts',
      ]);
      expect(within(rows[1]).getAllByRole('cell')[2]).toHaveTextContent('Lab');
      const invitations = screen.getByRole('table', { name: 'Pending invitations' });
      expect(within(invitations).getByText('neu@kunde.example')).toBeInTheDocument();
    });

    it('adds a member; the Virtual Account select appears only for VA roles; an unknown email is invited', async () => {
      const user = userEvent.setup();
      const s = server().on(`POST ${base}/members`, (call) => {
        const body = call.body as { email: string; role: string };
        return body.email === 'neu2@kunde.example'
          ? { status: 202, body: { invitation: { id: 5, email: body.email, role: body.role } } }
          : { status: 201, body: { member: { user_id: 8, email: body.email, role: body.role } } };
      });
      renderApp(s, '/smart-accounts/700?tab=users');
      const form = await screen.findByRole('form', { name: 'Add a user' });
      expect(within(form).queryByLabelText('Virtual Account')).not.toBeInTheDocument();
      expect(within(form).getAllByRole('option').map((o) => (o as HTMLOptionElement).value)).toEqual([
        'sa_admin', 'sa_user', 'sa_viewer', 'va_admin', 'va_user', 'va_viewer',
      ]);
      await user.type(within(form).getByLabelText('Email'), 'ole@kunde.example');
      await user.selectOptions(within(form).getByLabelText('Role'), 'va_admin');
      const va = within(form).getByLabelText('Virtual Account');
      await user.click(within(form).getByRole('button', { name: 'Add user' }));
      expect(va).toHaveAccessibleDescription('This field is required.');
      await user.selectOptions(va, 'Lab');
      await user.click(within(form).getByRole('button', { name: 'Add user' }));
      expect(await screen.findByText('ole@kunde.example was added.')).toBeInTheDocument();
      expect(s.callsTo(`POST ${base}/members`)[0].body).toEqual({ email: 'ole@kunde.example', role: 'va_admin', virtual_account_id: 2 });

      await user.selectOptions(within(form).getByLabelText('Role'), 'sa_viewer');
      expect(within(form).queryByLabelText('Virtual Account')).not.toBeInTheDocument();
      await user.type(within(form).getByLabelText('Email'), 'neu2@kunde.example');
      await user.click(within(form).getByRole('button', { name: 'Add user' }));
      expect(await screen.findByText('An invitation was sent to neu2@kunde.example.')).toBeInTheDocument();
      expect(s.callsTo(`POST ${base}/members`)[1].body).toEqual({ email: 'neu2@kunde.example', role: 'sa_viewer' });
    });

    it('shows 409 already_member', async () => {
      const user = userEvent.setup();
      const s = server().on(`POST ${base}/members`, {
        status: 409,
        body: problem(409, 'already_member', 'tom@kunde.example is already a member.'),
      });
      renderApp(s, '/smart-accounts/700?tab=users');
      const form = await screen.findByRole('form', { name: 'Add a user' });
      await user.type(within(form).getByLabelText('Email'), 'tom@kunde.example');
      await user.click(within(form).getByRole('button', { name: 'Add user' }));
      expect(await within(form).findByRole('alert')).toHaveTextContent('tom@kunde.example is already a member.');
    });

    it('removes a member after confirmation and shows 409 last_admin', async () => {
      const user = userEvent.setup();
      const s = server()
        .on(`DELETE ${base}/members/5`, { status: 409, body: problem(409, 'last_admin', 'The last administrator cannot be removed.') })
        .on(`DELETE ${base}/members/6`, { status: 204 });
      renderApp(s, '/smart-accounts/700?tab=users');
      await user.click(await screen.findByRole('button', { name: 'Remove tom@kunde.example' }));
      const confirm = screen.getByRole('alertdialog', { name: 'Remove user' });
      expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
      await user.click(within(confirm).getByRole('button', { name: 'Remove' }));
      expect(await screen.findByText('tom@kunde.example was removed.')).toBeInTheDocument();
      expect(s.callsTo(`DELETE ${base}/members/6`)).toHaveLength(1);

      await user.click(screen.getByRole('button', { name: 'Remove jana@kunde.example' }));
      const again = screen.getByRole('alertdialog', { name: 'Remove user' });
      await user.click(within(again).getByRole('button', { name: 'Remove' }));
      expect(await within(again).findByRole('alert')).toHaveTextContent('The last administrator cannot be removed.');
    });

    it('imports CSV as text/csv and lists every bad row from a 422', async () => {
      const user = userEvent.setup();
      let fail = true;
      const s = server().on(`POST ${base}/members/import`, () =>
        fail
          ? {
              status: 422,
              body: problem(422, 'invalid', 'The CSV has errors.', [
                { field: 'rows[1].email', code: 'invalid_email', message: 'Not an email address.' },
                { field: 'rows[3].role', code: 'invalid_role', message: 'Unknown role boss.' },
              ]),
            }
          : { body: { added: 2, invited: 1 } },
      );
      renderApp(s, '/smart-accounts/700?tab=users');
      const form = await screen.findByRole('form', { name: 'Import CSV' });
      const csv = 'email,role,virtual_account\nnope,sa_user,\nx@kunde.example,va_user,Lab\ny@kunde.example,boss,';
      await user.type(within(form).getByLabelText('Or paste the CSV'), csv);
      await user.click(within(form).getByRole('button', { name: 'Import' }));
      const alert = await within(form).findByRole('alert');
      expect(alert).toHaveTextContent('Nothing was imported.');
      expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'Row 1, email: Not an email address.',
        'Row 3, role: Unknown role boss.',
      ]);
      const [call] = s.callsTo(`POST ${base}/members/import`);
      expect(call.headers['content-type']).toBe('text/csv');
      expect(call.body).toBe(`${csv}\n`);

      fail = false;
      await user.click(within(form).getByRole('button', { name: 'Import' }));
      expect(await screen.findByText('Import done: 2 added, 1 invited.')).toBeInTheDocument();
    });

    it('reads a chosen CSV file into the text box', async () => {
      const user = userEvent.setup();
      renderApp(server(), '/smart-accounts/700?tab=users');
      const form = await screen.findByRole('form', { name: 'Import CSV' });
      const file = new File(['email,role,virtual_account\na@kunde.example,sa_user,\n'], 'users.csv', { type: 'text/csv' });
      await user.upload(within(form).getByLabelText('CSV file'), file);
      await waitFor(() =>
        expect(within(form).getByLabelText('Or paste the CSV')).toHaveValue('email,role,virtual_account\na@kunde.example,sa_user,\n'),
      );
      expect(within(form).getByText('Loaded users.csv. You can check it below.')).toBeInTheDocument();
    });
  });

  describe('Event Log tab', () => {
    it('lists events, filters them and offers the CSV export with the same filters', async () => {
      const user = userEvent.setup();
      const s = server();
      renderApp(s, '/smart-accounts/700?tab=events');
      const table = await screen.findByRole('table', { name: 'Events, newest first' });
      expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
        'Time', 'Actor', 'Action', 'Target', 'Reason', 'Case number',
      ]);
      const rows = within(table).getAllByRole('row').slice(1);
      expect(within(rows[0]).getByText('smart_account.requested')).toBeInTheDocument();
      expect(within(rows[0]).getByText('paula@partner.example')).toBeInTheDocument();
      expect(within(rows[1]).getByText('Sam Support')).toBeInTheDocument();
      expect(within(rows[1]).getByText('CASE-42')).toBeInTheDocument();
      expect(within(rows[1]).getByText('Customer asked')).toBeInTheDocument();

      const exportLink = screen.getByRole('link', { name: 'Export CSV' });
      expect(exportLink).toHaveAttribute('href', `${base}/events?format=csv`);
      expect(exportLink).toHaveAttribute('download');

      await user.type(screen.getByLabelText('Action'), 'member');
      await user.type(screen.getByLabelText('From'), '2026-11-01');
      await user.type(screen.getByLabelText('To'), '2026-11-30');
      await user.click(screen.getByRole('button', { name: 'Filter' }));
      await waitFor(() => expect(s.callsTo(`GET ${base}/events`).at(-1)!.query.get('action')).toBe('member'));
      const last = s.callsTo(`GET ${base}/events`).at(-1)!;
      expect(last.query.get('from')).toBe('2026-11-01');
      expect(last.query.get('to')).toBe('2026-11-30');
      expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
        'href',
        `${base}/events?action=member&from=2026-11-01&to=2026-11-30&format=csv`,
      );
    });

    it('shows the empty state for a filter without events', async () => {
      const user = userEvent.setup();
      renderApp(server(), '/smart-accounts/700?tab=events');
      await screen.findByRole('table', { name: 'Events, newest first' });
      await user.type(screen.getByLabelText('Action'), 'nothing');
      await user.click(screen.getByRole('button', { name: 'Filter' }));
      expect(await screen.findByText('No events match the filter.')).toBeInTheDocument();
    });
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { problem, renderApp, signedInServer } from '../test/mockApi';

const mine = [
  { id: 11, name: 'Partner Holding', domain: 'partner.example', kind: 'holding', status: 'active', roles: ['sa_admin'] },
];
const found = [
  { id: 11, name: 'Partner Holding', domain: 'partner.example', kind: 'holding', status: 'active' },
  { id: 12, name: 'Kunde GmbH', domain: 'kunde.example', kind: 'customer', status: 'pending' },
];

function server() {
  return signedInServer().on('GET /api/v1/smart-accounts', (call) =>
    call.query.get('mine') === 'true'
      ? { body: { items: mine, next_cursor: null } }
      : { body: { items: call.query.get('q') === 'none' ? [] : found, next_cursor: null } },
  );
}

describe('Smart Accounts page', () => {
  it('lists my accounts with links', async () => {
    renderApp(server(), '/smart-accounts');
    const table = await screen.findByRole('table', { name: 'Smart Accounts you belong to' });
    expect(within(table).getByRole('link', { name: 'Partner Holding' })).toHaveAttribute('href', '/smart-accounts/11');
    expect(within(table).getByText('Holding')).toBeInTheDocument();
    expect(within(table).getByText('Smart Account administrator')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Request a Smart Account for your customer' })).toHaveAttribute(
      'href',
      '/smart-accounts/request',
    );
  });

  it('searches by Domain Identifier, Account Name or Email ID and links only accounts I belong to', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, '/smart-accounts');
    const search = await screen.findByRole('search', { name: 'Find a Smart Account' });
    const by = within(search).getByLabelText('Search by');
    expect(within(by).getAllByRole('option').map((o) => [(o as HTMLOptionElement).value, o.textContent])).toEqual([
      ['domain', 'Domain Identifier'],
      ['name', 'Account Name'],
      ['email', 'Email ID'],
    ]);
    await user.selectOptions(by, 'name');
    await user.type(within(search).getByRole('searchbox', { name: 'Search' }), 'kunde');
    await user.click(within(search).getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('table', { name: 'Smart Accounts matching “kunde”' });
    const rows = within(results).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByRole('link', { name: 'Partner Holding' })).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('link')).not.toBeInTheDocument();
    expect(within(rows[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['kunde.example', 'Customer', 'Pending']);
    const call = s.calls.filter((c) => c.path === '/api/v1/smart-accounts' && c.query.get('q')).at(-1)!;
    expect([call.query.get('by'), call.query.get('q')]).toEqual(['name', 'kunde']);
    expect(screen.getByTestId('location')).toHaveTextContent('/smart-accounts?by=name&q=kunde');
  });

  it('shows an empty search result', async () => {
    renderApp(server(), '/smart-accounts?by=email&q=none');
    expect(await screen.findByText('No Smart Account matches “none”.')).toBeInTheDocument();
    expect(screen.getByLabelText('Search by')).toHaveValue('email');
  });

  it('creates a Smart Account and opens it', async () => {
    const user = userEvent.setup();
    const s = server().on('POST /api/v1/smart-accounts', (call) => ({
      status: 201,
      body: { id: 99, ...(call.body as object), status: 'active', my_roles: ['sa_admin'], allowed_actions: ['manage_virtual_accounts', 'manage_members'], virtual_accounts: [], legal_entity: null, created_at: '2026-11-21T10:00:00Z', activated_at: null, expires_at: null },
    }));
    renderApp(s, '/smart-accounts');
    await user.click(await screen.findByRole('button', { name: 'Create Smart Account' }));
    const form = screen.getByRole('heading', { name: 'Create Smart Account', level: 2 }).closest('section')!;
    await user.type(within(form).getByLabelText('Account Name'), 'Acme');
    await user.type(within(form).getByLabelText('Domain Identifier'), 'Acme.com');
    await user.selectOptions(within(form).getByLabelText('Kind'), 'holding');
    await user.type(within(form).getByLabelText('Legal entity name'), 'Acme Inc.');
    await user.type(within(form).getByLabelText('Country'), 'us');
    await user.click(within(form).getByRole('button', { name: 'Create Smart Account' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/smart-accounts/99'));
    expect(s.callsTo('POST /api/v1/smart-accounts')[0].body).toEqual({
      name: 'Acme',
      domain: 'acme.com',
      kind: 'holding',
      legal_entity: { name: 'Acme Inc.', country: 'US' },
    });
  });

  it('shows 422 field errors (legal_entity.country) next to the field and a 409 domain_taken detail', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const s = server().on('POST /api/v1/smart-accounts', () =>
      ++attempt === 1
        ? {
            status: 422,
            body: problem(422, 'invalid', 'Some fields are invalid.', [
              { field: 'legal_entity.country', code: 'invalid_country', message: 'Not an ISO 3166 country code.' },
            ]),
          }
        : { status: 409, body: problem(409, 'domain_taken', 'acme.com belongs to the Smart Account "Acme".') },
    );
    renderApp(s, '/smart-accounts');
    await user.click(await screen.findByRole('button', { name: 'Create Smart Account' }));
    const form = screen.getByRole('heading', { name: 'Create Smart Account', level: 2 }).closest('section')!;
    await user.type(within(form).getByLabelText('Account Name'), 'Acme');
    await user.type(within(form).getByLabelText('Domain Identifier'), 'acme.com');
    await user.type(within(form).getByLabelText('Legal entity name'), 'Acme Inc.');
    await user.type(within(form).getByLabelText('Country'), 'XX');
    await user.click(within(form).getByRole('button', { name: 'Create Smart Account' }));
    await waitFor(() =>
      expect(within(form).getByLabelText('Country')).toHaveAccessibleDescription(expect.stringContaining('Not an ISO 3166 country code.')),
    );
    await user.click(within(form).getByRole('button', { name: 'Create Smart Account' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('acme.com belongs to the Smart Account "Acme".');
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { paula, problem, renderApp, signedInServer } from '../test/mockApi';

describe('home page', () => {
  it('lists the Smart Account memberships of the user', async () => {
    renderApp(
      signedInServer({
        ...paula,
        memberships: [
          { smart_account_id: 11, smart_account_name: 'Partner Holding', role: 'sa_admin' },
          { smart_account_id: 12, role: 'va_user', virtual_account_id: 99 },
        ],
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Welcome, Paula Partner', level: 1 })).toBeInTheDocument();
    const table = screen.getAllByRole('table')[0];
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['Smart Account administrator', 'All Virtual Accounts'],
      ['Virtual Account user', 'Virtual Account 99'],
    ]);
    expect(within(rows[0]).getByRole('rowheader')).toHaveTextContent('Partner Holding');
    expect(within(rows[1]).getByRole('rowheader')).toHaveTextContent('Smart Account 12');
  });

  it('shows an empty state when the user belongs to no Smart Account', async () => {
    renderApp(signedInServer({ ...paula, memberships: [] }));
    expect(await screen.findByText('You are not a member of any Smart Account yet.')).toBeInTheDocument();
  });

  it('treats a missing order list (404) as no orders on hold', async () => {
    const server = signedInServer();
    renderApp(server);
    expect(await screen.findByText('No orders are on Smart Account hold.')).toBeInTheDocument();
    expect(server.callsTo('GET /api/v1/orders')[0].query.get('sa_hold')).toBe('true');
  });

  it('lists orders on hold', async () => {
    renderApp(
      signedInServer().on('GET /api/v1/orders', {
        body: {
          items: [{ sales_order_number: '104857', web_order_number: 'WO-77', end_customer_name: 'Kunde GmbH' }],
          next_cursor: null,
        },
      }),
    );
    expect(await screen.findByRole('rowheader', { name: '104857' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'Kunde GmbH' })).toBeInTheDocument();
  });

  it('shows other errors of the order list in an alert', async () => {
    renderApp(
      signedInServer().on('GET /api/v1/orders', {
        status: 500,
        body: problem(500, 'internal', 'Internal error.'),
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Internal error.');
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { problem, renderApp, signedInServer } from '../test/mockApi';

describe('home page', () => {
  it("lists the user's Smart Accounts from ?mine=true with status, roles and a link", async () => {
    const server = signedInServer().on('GET /api/v1/smart-accounts', {
      body: {
        items: [
          { id: 11, name: 'Partner Holding', domain: 'partner.example', kind: 'holding', status: 'active', roles: ['sa_admin'] },
          { id: 12, name: 'Kunde GmbH', domain: 'kunde.example', kind: 'customer', status: 'pending', roles: ['va_user'] },
        ],
        next_cursor: null,
      },
    });
    renderApp(server);
    expect(await screen.findByRole('heading', { name: 'Welcome, Paula Partner', level: 1 })).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: 'Partner Holding' });
    expect(link).toHaveAttribute('href', '/smart-accounts/11');
    const table = screen.getAllByRole('table')[0];
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['Active', 'Smart Account administrator'],
      ['Pending', 'Virtual Account user'],
    ]);
    expect(server.callsTo('GET /api/v1/smart-accounts')[0].query.get('mine')).toBe('true');
  });

  it('shows an empty state when the user belongs to no Smart Account', async () => {
    renderApp(signedInServer().on('GET /api/v1/smart-accounts', { body: { items: [], next_cursor: null } }));
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

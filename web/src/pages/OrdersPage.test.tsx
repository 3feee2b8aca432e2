import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { paula, renderApp, signedInServer } from '../test/mockApi';

const orders = [
  {
    sales_order_number: 'SO-1001',
    web_order_number: 'WO-5001',
    purchaser_name: 'Partner AG',
    end_customer_name: 'Kunde GmbH',
    sa_hold: true,
    export_hold: { on: false, reason: null },
    lines_count: 3,
    created_at: '2026-11-20T10:00:00Z',
  },
  {
    sales_order_number: 'SO-1003',
    web_order_number: 'WO-5003',
    purchaser_name: 'Partner AG',
    end_customer_name: 'Kunde GmbH',
    sa_hold: false,
    export_hold: { on: true, reason: 'Screening' },
    lines_count: 1,
    created_at: '2026-11-20T10:00:00Z',
  },
];

function server(user = paula) {
  return signedInServer(user).on('GET /api/v1/orders', (call) => {
    const q = call.query.get('q');
    let items = orders;
    if (q) items = items.filter((o) => o.sales_order_number === q || o.web_order_number === q);
    if (call.query.get('sa_hold') === 'true') items = items.filter((o) => o.sa_hold);
    return { body: { items, next_cursor: null } };
  });
}

describe('global order search and the Orders page', () => {
  it('searches from the header by Sales Order number and links the SO# and WO# to the order', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, '/');
    const search = await screen.findByRole('search', { name: 'Global search' });
    await user.type(
      within(search).getByRole('searchbox', { name: 'Search orders by Sales Order or Web Order number' }),
      'SO-1001',
    );
    await user.click(within(search).getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/orders?q=SO-1001'));
    const table = await screen.findByRole('table', { name: 'Orders matching “SO-1001”' });
    expect(within(table).getByRole('link', { name: 'SO-1001' })).toHaveAttribute('href', '/orders/SO-1001');
    expect(within(table).getByRole('link', { name: 'WO-5001' })).toHaveAttribute('href', '/orders/WO-5001');
    expect(within(table).getByText('Smart Account hold')).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(s.calls.filter((c) => c.path === '/api/v1/orders').some((c) => c.query.get('q') === 'SO-1001')).toBe(true);
    // The header's box keeps the searched number.
    expect(within(search).getByRole('searchbox')).toHaveValue('SO-1001');
  });

  it('lists my orders and filters to those on Smart Account hold', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, '/orders');
    expect(await screen.findByRole('heading', { name: 'Orders', level: 1 })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Your orders' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('Export hold: Screening')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Only orders on Smart Account hold' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/orders?sa_hold=true'));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Your orders' })).getAllByRole('row')).toHaveLength(2));
    expect(s.calls.at(-1)!.query.get('sa_hold')).toBe('true');
  });

  it('says so when nothing matches', async () => {
    renderApp(server(), '/orders?q=SO-9999');
    expect(await screen.findByText(/No order matches “SO-9999”/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Show all orders' })).toHaveAttribute('href', '/orders');
  });

  it('labels the search in French', async () => {
    await i18n.changeLanguage('fr');
    renderApp(server({ ...paula, locale: 'fr' }), '/orders');
    const search = await screen.findByRole('search', { name: 'Recherche globale' });
    expect(
      within(search).getByRole('searchbox', {
        name: 'Rechercher par numéro de commande client ou de commande électronique',
      }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: 'Uniquement les commandes en attente de compte Smart' })).toBeInTheDocument();
  });
});

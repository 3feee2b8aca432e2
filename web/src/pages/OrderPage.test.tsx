import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me, Order, OrderLine, SmartAccountSummary } from '../api/types';
import i18n from '../i18n';
import { paula, problem, renderApp, signedInServer, type RecordedCall } from '../test/mockApi';

const kunde: SmartAccountSummary = { id: 21, name: 'Kunde GmbH', domain: 'kunde.example', kind: 'customer', status: 'active' };
const holding: SmartAccountSummary = { id: 11, name: 'Partner Holding (Paula)', domain: 'partner.example', kind: 'holding', status: 'active' };
const neukunde: SmartAccountSummary = { id: 23, name: 'Neukunde AG', domain: 'neukunde.example', kind: 'customer', status: 'pending' };
const expired: SmartAccountSummary = { id: 24, name: 'Alt GmbH', domain: 'alt.example', kind: 'customer', status: 'expired' };
const clientSarl: SmartAccountSummary = { id: 22, name: 'Client SARL', domain: 'client.example', kind: 'customer', status: 'active' };

function line(n: number, changes: Partial<OrderLine> = {}): OrderLine {
  return {
    line_number: n,
    sku: `L-SKU-${n}`,
    description: `Product ${n}`,
    quantity: 10 * n,
    license_type: n === 2 ? 'term' : 'perpetual',
    term_months: n === 2 ? 36 : null,
    buying_model: 'transactional',
    smart_enabled: n !== 3,
    shipped_at: '2026-11-19T10:00:00Z',
    smart_account: null,
    virtual_account: null,
    sa_hold: n !== 3,
    export_hold: false,
    deposited: false,
    deposited_at: null,
    allowed_actions: [],
    license_model: 'device',
    ...changes,
  };
}

const order: Order = {
  sales_order_number: 'SO-1001',
  web_order_number: 'WO-5001',
  purchaser_name: 'Partner AG',
  end_customer_name: 'Kunde GmbH',
  contacts: ['jana@kunde.example', 'paula@partner.example'],
  created_at: '2026-11-18T10:00:00Z',
  sa_hold: true,
  export_hold: { on: false, reason: null },
  can_assign: true,
  allowed_actions: ['assign'],
  lines: [line(1), line(2), line(3)],
};

const assigned: Order = {
  ...order,
  sa_hold: false,
  lines: order.lines.map((l) =>
    l.smart_enabled
      ? { ...l, sa_hold: false, smart_account: kunde, virtual_account: { id: 212, name: 'Produktion' } }
      : l,
  ),
};

const base = '/api/v1/orders/SO-1001';

function server({ user = paula, current = order }: { user?: Me; current?: Order } = {}) {
  let state = current;
  return signedInServer(user)
    .on(`GET ${base}`, () => ({ body: state }))
    .on('GET /api/v1/orders/WO-5001', () => ({ body: state }))
    .on(`GET ${base}/history`, {
      body: {
        items: [
          { at: '2026-11-18T10:00:00Z', actor: 'erp@vendor.example', action: 'order.create', line_number: null, details: { sales_order_number: 'SO-1001', lines: 3 }, case_number: null },
          {
            at: '2026-11-19T10:00:00Z',
            actor: 'support@vendor.example',
            action: 'order.assign',
            line_number: 1,
            details: { line_number: 1, smart_account_id: 11, smart_account_name: 'Partner Holding', virtual_account_id: 111, virtual_account_name: 'DEFAULT' },
            case_number: 'CASE-9',
          },
          { at: '2026-11-19T11:00:00Z', actor: 'cli', action: 'order.relabel', line_number: null, details: null, case_number: null },
        ],
      },
    })
    .on(`GET ${base}/diagnosis`, {
      body: {
        lines: [
          {
            line_number: 1,
            checks: [
              { check: 'shipped', ok: true, message: 'The line shipped on 19 Nov 2026.' },
              { check: 'sa_assigned', ok: false, message: 'No Smart Account is assigned. Assign one to lift the hold.' },
              { check: 'sa_active', ok: false, message: 'Not applicable until a Smart Account is assigned.' },
              { check: 'export_hold', ok: true, message: 'No export hold.' },
              { check: 'deposited', ok: false, message: 'Not deposited yet.' },
            ],
            licenses_at: null,
          },
          {
            line_number: 2,
            checks: [{ check: 'deposited', ok: true, message: 'Deposited on 20 Nov 2026.' }],
            licenses_at: { smart_account: { id: 11, name: 'Partner Holding' }, virtual_account: { id: 111, name: 'DEFAULT' } },
          },
          {
            line_number: 3,
            checks: [{ check: 'sa_assigned', ok: false, message: 'This line is not smart-enabled: it has no licenses to deposit.' }],
            licenses_at: null,
          },
        ],
      },
    })
    .on('GET /api/v1/smart-accounts', (call) => {
      const q = (call.query.get('q') ?? '').toLowerCase();
      const all = [kunde, holding, neukunde, expired, clientSarl];
      return { body: { items: all.filter((a) => a.domain.includes(q) || a.name.toLowerCase().includes(q)), next_cursor: null } };
    })
    .on('GET /api/v1/smart-accounts/21/virtual-accounts', (call) =>
      call.query.get('for_assignment') === 'true'
        ? {
            body: {
              items: [
                { id: 210, name: 'DEFAULT' },
                { id: 212, name: 'Produktion' },
                { id: 213, name: 'Labor' },
              ],
            },
          }
        : { status: 404, body: problem(404, 'not_found', 'Not found.') },
    )
    .on('GET /api/v1/smart-accounts/22/virtual-accounts', { body: { items: [{ id: 220, name: 'DEFAULT' }] } })
    .on('GET /api/v1/smart-accounts/11/virtual-accounts', { body: { items: [{ id: 110, name: 'DEFAULT' }] } })
    .on(`POST ${base}/assignments`, () => {
      state = assigned;
      return { body: assigned };
    });
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Assign Smart Account' }));
  return screen.findByRole('dialog', { name: 'Smart Account Assignment' });
}

async function chooseKunde(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, va = 'Produktion') {
  await user.selectOptions(within(dialog).getByLabelText('Select an Existing Account'), 'Domain Identifier');
  await user.type(within(dialog).getByRole('searchbox', { name: 'Search for a Smart Account' }), 'kunde.example');
  await user.click(within(dialog).getByRole('button', { name: 'Search' }));
  await user.click(await within(dialog).findByRole('radio', { name: /Kunde GmbH/ }));
  const select = await within(dialog).findByRole('combobox', { name: 'Virtual Account Name' });
  await waitFor(() => expect(select).toHaveValue('210'));
  await user.selectOptions(select, va);
}

function postBody(calls: RecordedCall[]) {
  return calls.filter((c) => c.method === 'POST' && c.path === `${base}/assignments`).map((c) => c.body);
}

describe('order page', () => {
  it('shows the order, its holds, the banner link to the assignments and the lines', async () => {
    const user = userEvent.setup();
    renderApp(server({ current: { ...order, export_hold: { on: true, reason: 'Denied party screening' } } }), '/orders/WO-5001');
    expect(await screen.findByRole('heading', { name: 'Order SO-1001', level: 1 })).toBeInTheDocument();
    const titleRow = screen.getByRole('heading', { level: 1 }).parentElement!;
    expect(within(titleRow).getByText('Smart Account hold')).toBeInTheDocument();
    expect(within(titleRow).getByText('Export hold: Denied party screening')).toBeInTheDocument();
    expect(screen.getByText('WO-5001')).toBeInTheDocument();
    expect(screen.getByText('jana@kunde.example, paula@partner.example')).toBeInTheDocument();

    const banner = screen.getAllByRole('status').find((s) => s.textContent?.includes('Smart Account hold'))!;
    await user.click(within(banner).getByRole('link', { name: 'View or change Smart Account Assignments' }));
    expect(screen.getByRole('heading', { name: 'Smart Account Assignments', level: 2 })).toHaveFocus();
    expect(screen.getByTestId('location')).toHaveTextContent('/orders/WO-5001');

    const table = screen.getByRole('table', { name: 'Order lines' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'L-SKU-1',
      'Product 1',
      '10',
      'Perpetual',
      'Transactional',
      'Nov 19, 2026',
      'Not assigned',
      'Not assigned',
      'Smart Account hold',
      '',
    ]);
    expect(within(rows[1]).getByText('Term, 36 months')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Not Smart-enabled')).toBeInTheDocument();
    // No pencil for unassigned lines.
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
  });

  it('seed 001: assigns the order to an end customer Smart Account and Virtual Account, with terms and a final Yes', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, '/orders/SO-1001');
    const dialog = await openDialog(user);
    expect(within(dialog).getByRole('tab', { name: 'End Customer Smart Account' })).toHaveAttribute('aria-selected', 'true');
    const by = within(dialog).getByLabelText('Select an Existing Account');
    expect(within(by).getAllByRole('option').map((o) => o.textContent)).toEqual(['Domain Identifier', 'Account Name', 'Email ID']);

    // Assign without a Smart Account: told to choose one.
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    expect(within(dialog).getByText('Choose a Smart Account from the search results.')).toBeInTheDocument();

    await chooseKunde(user, dialog);
    // The holding account is not an end customer account; a pending one is marked.
    expect(within(dialog).queryByRole('radio', { name: /Partner Holding/ })).not.toBeInTheDocument();
    const search = s.calls.filter((c) => c.path === '/api/v1/smart-accounts').at(-1)!;
    expect([search.query.get('by'), search.query.get('q')]).toEqual(['domain', 'kunde.example']);
    const vaCall = s.calls.find((c) => c.path === '/api/v1/smart-accounts/21/virtual-accounts')!;
    expect(vaCall.query.get('for_assignment')).toBe('true');
    // Default: every Smart-enabled line, whole lines only.
    const lines = within(dialog).getByRole('group', { name: 'Order lines to assign' });
    expect(within(lines).getAllByRole('checkbox').map((c) => [(c as HTMLInputElement).value, (c as HTMLInputElement).checked])).toEqual([
      ['1', true],
      ['2', true],
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    const terms = within(dialog).getByRole('checkbox', { name: 'I accept the terms of use' });
    expect(terms).toHaveAccessibleDescription(expect.stringContaining('Accept the terms of use to continue.'));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await user.click(terms);
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));

    const confirm = await screen.findByRole('alertdialog', { name: 'Submit this change?' });
    expect(confirm).toHaveTextContent('Lines 1, 2 of order SO-1001 will be assigned to Kunde GmbH / Produktion.');
    await user.click(within(confirm).getByRole('button', { name: 'Yes' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(postBody(s.calls)).toEqual([
      { smart_account_id: 21, virtual_account_id: 212, line_numbers: [1, 2], accept_terms: true },
    ]);
    expect(s.calls.find((c) => c.method === 'POST')!.headers['x-csrf-token']).toBe('csrf-from-me');
    const table = screen.getByRole('table', { name: 'Order lines' });
    const row1 = within(table).getAllByRole('row')[1];
    expect(within(row1).getByText('Kunde GmbH')).toBeInTheDocument();
    expect(within(row1).getByText('Produktion')).toBeInTheDocument();
    expect(within(table).queryByText('Smart Account hold')).not.toBeInTheDocument();
    expect(within(screen.getByRole('heading', { level: 1 }).parentElement!).queryByText('Smart Account hold')).not.toBeInTheDocument();
    expect(screen.getByText(/The Smart Account assignment was saved\. The order is no longer on Smart Account hold\./)).toBeInTheDocument();
    expect(within(row1).getByRole('button', { name: 'Edit assignment for line 1' })).toBeInTheDocument();
  });

  it('"No" in the final confirmation changes nothing', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, '/orders/SO-1001');
    const dialog = await openDialog(user);
    await chooseKunde(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'No' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Smart Account Assignment' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Submit' })).toHaveFocus();
    expect(postBody(s.calls)).toEqual([]);
  });

  it('the Holding tab shows only holding accounts', async () => {
    const user = userEvent.setup();
    renderApp(server(), '/orders/SO-1001');
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('tab', { name: 'Holding Smart Account' }));
    await user.selectOptions(within(dialog).getByLabelText('Select an Existing Account'), 'name');
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search for a Smart Account' }), 'a');
    await user.click(within(dialog).getByRole('button', { name: 'Search' }));
    const radios = await within(dialog).findAllByRole('radio');
    expect(radios).toHaveLength(1);
    expect(radios[0]).toHaveAccessibleName(expect.stringContaining('Partner Holding (Paula)'));
    await user.click(within(dialog).getByRole('tab', { name: 'End Customer Smart Account' }));
    const customers = within(dialog).getAllByRole('radio');
    expect(customers.map((r) => r.closest('label')!.querySelector('strong')!.textContent)).toEqual([
      'Kunde GmbH',
      'Neukunde AG',
      'Alt GmbH',
      'Client SARL',
    ]);
    expect(within(dialog).getByRole('radio', { name: /Neukunde AG/ })).toHaveAccessibleName(
      expect.stringContaining('Pending: the order stays on Smart Account hold'),
    );
    expect(within(dialog).getByRole('radio', { name: /Alt GmbH/ })).toBeDisabled();
  });

  it('seed 004 in French: the pencil changes an existing assignment to an active account', async () => {
    await i18n.changeLanguage('fr');
    const user = userEvent.setup();
    const onPending: Order = {
      ...order,
      sales_order_number: 'SO-1001',
      lines: order.lines.map((l) => (l.smart_enabled ? { ...l, smart_account: neukunde, virtual_account: { id: 230, name: 'DEFAULT' } } : l)),
    };
    const s = server({ user: { ...paula, email: 'luc@client.example', name: 'Luc', locale: 'fr' }, current: onPending });
    renderApp(s, '/orders/WO-5001');
    const table = await screen.findByRole('table', { name: 'Lignes de commande' });
    expect(within(table).getAllByText('Mise en attente du compte Smart')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Attribuer un compte Smart' })).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: "Modifier l'affectation de la ligne 2" }));
    const dialog = await screen.findByRole('dialog', { name: 'Affectation de compte Smart' });
    expect(dialog).toHaveTextContent('Affecter un compte Smart aux lignes de la commande SO-1001.');
    await user.click(within(dialog).getByRole('tab', { name: 'Compte Smart du client final' }));
    // Both lines assigned like line 2 start selected.
    const lines = within(dialog).getByRole('group', { name: 'Lignes de commande à affecter' });
    expect(within(lines).getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).checked)).toHaveLength(2);
    await user.selectOptions(within(dialog).getByLabelText('Sélectionner un compte existant'), 'Nom de compte');
    await user.type(within(dialog).getByRole('searchbox', { name: 'Rechercher un compte Smart' }), 'Client SARL');
    await user.click(within(dialog).getByRole('button', { name: 'Rechercher' }));
    await user.click(await within(dialog).findByRole('radio', { name: /Client SARL/ }));
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Nom du compte virtuel' })).toHaveValue('220'));
    await user.click(within(dialog).getByRole('button', { name: 'Affecter' }));
    await user.click(within(dialog).getByRole('checkbox', { name: "J'accepte les conditions d'utilisation" }));
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer' }));
    await user.click(within(await screen.findByRole('alertdialog', { name: 'Soumettre cette modification ?' })).getByRole('button', { name: 'Oui' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(postBody(s.calls)).toEqual([
      { smart_account_id: 22, virtual_account_id: 220, line_numbers: [1, 2], accept_terms: true },
    ]);
    expect(s.calls.find((c) => c.method === 'POST')!.headers['accept-language']).toBe('fr');
  });

  it('shows 403 open_licensing_case from the server to an internal user, with the note of seed 001', async () => {
    const user = userEvent.setup();
    const internal: Me = { ...paula, email: 'compliance@vendor.example', name: 'Compliance', kind: 'internal', flags: ['compliance'], memberships: [] };
    const s = server({ user: internal, current: { ...order, can_assign: false, allowed_actions: [] } }).on(`POST ${base}/assignments`, {
      status: 403,
      body: problem(403, 'open_licensing_case', 'Internal users cannot assign orders. Open a case with Licensing Support.'),
    });
    renderApp(s, '/orders/SO-1001');
    expect(
      await screen.findByText('Internal users must open a case with the Licensing Support team to have orders assigned to a Smart Account.'),
    ).toBeInTheDocument();
    const dialog = await openDialog(user);
    await chooseKunde(user, dialog, 'DEFAULT');
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Internal users cannot assign orders. Open a case with Licensing Support.',
    );
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    const caseLink = within(dialog).getByRole('link', { name: 'Open a licensing case' });
    expect(caseLink).toHaveAttribute('href', '/cases/new?order_number=SO-1001');
    await user.click(caseLink);
    expect(await screen.findByLabelText('Order number')).toHaveValue('SO-1001');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('licensing support must give a case number, which is sent', async () => {
    const user = userEvent.setup();
    const support: Me = { ...paula, email: 'support@vendor.example', kind: 'internal', flags: ['licensing_support'], memberships: [] };
    const s = server({ user: support });
    renderApp(s, '/orders/SO-1001');
    const dialog = await openDialog(user);
    await chooseKunde(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    expect(within(dialog).getByLabelText('Case number')).toHaveAccessibleDescription(expect.stringContaining('This field is required.'));
    await user.type(within(dialog).getByLabelText('Case number'), 'CASE-77');
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(postBody(s.calls)).toHaveLength(1));
    expect(postBody(s.calls)[0]).toMatchObject({ case_number: 'CASE-77' });
  });

  it('409 use_asset_transfer shows the detail and a link to Asset Transfers', async () => {
    const user = userEvent.setup();
    const s = server().on(`POST ${base}/assignments`, {
      status: 409,
      body: problem(409, 'use_asset_transfer', 'The licenses are already in a customer Smart Account. Use an asset transfer.'),
    });
    renderApp(s, '/orders/SO-1001');
    const dialog = await openDialog(user);
    await chooseKunde(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Use an asset transfer.');
    await user.click(within(dialog).getByRole('link', { name: 'Go to Asset Transfers' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/transfers'));
  });

  it('422 field errors go next to their fields: accept_terms on the review, line_numbers[i] back on the first step', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const s = server().on(`POST ${base}/assignments`, () =>
      ++attempt === 1
        ? { status: 422, body: problem(422, 'invalid', 'Some fields are invalid.', [{ field: 'accept_terms', code: 'must_be_true', message: 'The terms of use must be accepted.' }]) }
        : { status: 422, body: problem(422, 'invalid', 'Some fields are invalid.', [{ field: 'line_numbers[1]', code: 'not_smart_enabled', message: 'This line is not smart-enabled.' }]) },
    );
    renderApp(s, '/orders/SO-1001');
    const dialog = await openDialog(user);
    await chooseKunde(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('checkbox', { name: 'I accept the terms of use' })).toHaveAccessibleDescription(
        expect.stringContaining('The terms of use must be accepted.'),
      ),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes' }));
    const lines = await within(dialog).findByRole('group', { name: 'Order lines to assign' });
    await waitFor(() => expect(lines).toHaveAccessibleDescription(expect.stringContaining('Line 2: This line is not smart-enabled.')));
    expect(within(dialog).getByRole('alert')).not.toHaveTextContent('line_numbers');
  });

  it('diagnosis: "Why are my licenses not in my Smart Account?" shows each check with a text alternative', async () => {
    const user = userEvent.setup();
    const s = server();
    renderApp(s, '/orders/SO-1001');
    const toggle = await screen.findByRole('button', { name: 'Why are my licenses not in my Smart Account?' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(s.callsTo(`GET ${base}/diagnosis`)).toHaveLength(0);
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const line1 = await screen.findByRole('article', { name: 'Line 1: L-SKU-1' });
    const items = within(line1).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    expect(within(items[0]).getByRole('img', { name: 'OK' })).toBeInTheDocument();
    expect(items[0]).toHaveTextContent('Shipped');
    expect(within(items[1]).getByRole('img', { name: 'Needs attention' })).toBeInTheDocument();
    expect(items[1]).toHaveTextContent('Smart Account assigned');
    expect(items[1]).toHaveTextContent('No Smart Account is assigned. Assign one to lift the hold.');
    const line2 = screen.getByRole('article', { name: 'Line 2: L-SKU-2' });
    // Paula is a member of account 11: the location links to it.
    expect(within(line2).getByRole('link', { name: 'The licenses are in Partner Holding / DEFAULT.' })).toHaveAttribute(
      'href',
      '/smart-accounts/11',
    );
    // A line without Smart licensing is explained, not listed as failed checks.
    const line3 = screen.getByRole('article', { name: 'Line 3: L-SKU-3' });
    expect(within(line3).queryByRole('listitem')).not.toBeInTheDocument();
    expect(line3).toHaveTextContent('This line is not Smart-enabled: it has no licenses to deposit into a Smart Account.');
  });

  it('diagnosis hands off to "Open a licensing case" with the order, a subject and the failed checks', async () => {
    const user = userEvent.setup();
    renderApp(server(), '/orders/SO-1001');
    await user.click(await screen.findByRole('button', { name: 'Why are my licenses not in my Smart Account?' }));
    const link = await screen.findByRole('link', { name: 'Open a licensing case' });
    const url = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe('/cases/new');
    expect(url.searchParams.get('order_number')).toBe('SO-1001');
    expect(url.searchParams.get('subject')).toBe('Licenses not in my Smart Account — SO-1001');
    const description = url.searchParams.get('description')!;
    expect(description).toContain('No Smart Account is assigned. Assign one to lift the hold.');
    expect(description).toContain('Not deposited yet.');
    expect(description).not.toContain('The line shipped on 19 Nov 2026.');
    // Line 3 is not Smart-enabled: nothing to report for it.
    expect(description).not.toContain('not smart-enabled');
    await user.click(link);
    expect(await screen.findByRole('heading', { name: 'Open a case', level: 1 })).toBeInTheDocument();
    expect(screen.getByLabelText('Order number')).toHaveValue('SO-1001');
    expect(screen.getByLabelText('Subject')).toHaveValue('Licenses not in my Smart Account — SO-1001');
    expect(screen.getByLabelText('Description')).toHaveValue(description);
  });

  it('lists the history', async () => {
    renderApp(server(), '/orders/SO-1001');
    const table = await screen.findByRole('table', { name: 'Changes to this order' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Nov 18, 2026, 10:00 AM',
      'erp@vendor.example',
      'Order created',
      '—',
      '—',
      'Lines: 3',
    ]);
    expect(within(rows[1]).getAllByRole('cell').slice(1).map((c) => c.textContent)).toEqual([
      'support@vendor.example',
      'Smart Account assigned',
      '1',
      'CASE-9',
      'Partner Holding / DEFAULT',
    ]);
    // An action the UI does not know is shown as sent.
    expect(within(rows[2]).getByText('order.relabel')).toBeInTheDocument();
  });

  it('says when the order is not found or not visible', async () => {
    renderApp(server(), '/orders/SO-404');
    expect(await screen.findByRole('heading', { name: 'Order not found', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to Orders' })).toHaveAttribute('href', '/orders');
  });
});

import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Me, SupportCase } from '../api/types';
import i18n from '../i18n';
import { paula, problem, renderApp, signedInServer } from '../test/mockApi';

const support: Me = {
  ...paula,
  id: 9,
  email: 'support@vendor.example',
  name: 'Sam Support',
  kind: 'internal',
  flags: ['licensing_support'],
  memberships: [],
};

const theCase: SupportCase = {
  id: 41,
  number: 'CS-100001',
  category: 'software_licensing',
  subject: 'Licenses not in my Smart Account — SO-1001',
  description: 'Line 1: no Smart Account assigned.',
  status: 'open',
  order_number: 'SO-1001',
  smart_account: { id: 11, name: 'Partner Holding' },
  transfer_id: null,
  opened_by: { name: 'Paula Partner', email: 'paula@partner.example' },
  created_at: '2026-11-20T09:00:00Z',
  updated_at: '2026-11-20T10:00:00Z',
  comments: [
    { id: 1, author: 'Sam Support', author_is_support: true, body: 'We are looking into it.', created_at: '2026-11-20T10:00:00Z' },
  ],
  allowed_actions: ['comment'],
};

afterEach(async () => {
  await act(() => i18n.changeLanguage('en'));
});

describe('Cases', () => {
  it('lists my cases and filters them by status through the query string', async () => {
    const user = userEvent.setup();
    const s = signedInServer().on('GET /api/v1/cases', (call) => ({
      body: { items: call.query.get('status') === 'closed' ? [] : [theCase], next_cursor: null },
    }));
    renderApp(s, '/cases');
    const table = await screen.findByRole('table', { name: 'Your cases' });
    const row = within(table).getByRole('row', { name: /CS-100001/ });
    expect(within(row).getByRole('link', { name: 'CS-100001' })).toHaveAttribute('href', '/cases/41');
    expect(within(row).getByRole('link', { name: 'SO-1001' })).toHaveAttribute('href', '/orders/SO-1001');
    expect(row).toHaveTextContent('Open');
    expect(screen.getByRole('link', { name: 'Open a case' })).toHaveAttribute('href', '/cases/new');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Closed');
    expect(await screen.findByText('No cases to show.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/cases?status=closed');
    expect(s.callsTo('GET /api/v1/cases').at(-1)!.query.get('status')).toBe('closed');
  });

  it('shows licensing support the queue, with who opened each case', async () => {
    const s = signedInServer(support).on('GET /api/v1/cases', { body: { items: [theCase], next_cursor: null } });
    renderApp(s, '/cases?status=open');
    expect(await screen.findByRole('heading', { name: 'Case queue', level: 1 })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'All cases' });
    expect(within(table).getByRole('row', { name: /CS-100001/ })).toHaveTextContent('Paula Partner');
    expect(s.callsTo('GET /api/v1/cases')[0].query.get('status')).toBe('open');
  });

  it('opens a case from a prefilled form and shows its number', async () => {
    const user = userEvent.setup();
    const s = signedInServer()
      .on('POST /api/v1/cases', (call) => ({ status: 201, body: { ...theCase, ...(call.body as object), comments: [] } }))
      .on('GET /api/v1/cases/41', { body: { ...theCase, comments: [] } });
    renderApp(s, '/cases/new?order_number=SO-1001&subject=Missing%20licenses&description=Line%201%20failed');
    expect(await screen.findByRole('heading', { name: 'Open a case', level: 1 })).toBeInTheDocument();
    const category = screen.getByRole('combobox', { name: 'Category' });
    expect(within(category).getAllByRole('option').map((o) => o.textContent)).toEqual(['Software Licensing']);
    expect(screen.getByLabelText('Subject')).toHaveValue('Missing licenses');
    expect(screen.getByLabelText('Description')).toHaveValue('Line 1 failed');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Smart Account' }), 'Partner Holding');
    await user.click(screen.getByRole('button', { name: 'Open case' }));
    expect(await screen.findByRole('heading', { name: 'Case CS-100001', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Case CS-100001 was opened. Licensing Support will answer here.')).toBeInTheDocument();
    expect(s.callsTo('POST /api/v1/cases')[0].body).toEqual({
      category: 'software_licensing',
      subject: 'Missing licenses',
      description: 'Line 1 failed',
      order_number: 'SO-1001',
      smart_account_id: 11,
    });
  });

  it('checks required fields and shows the server field errors next to their fields', async () => {
    const user = userEvent.setup();
    const s = signedInServer().on('POST /api/v1/cases', {
      status: 422,
      body: problem(422, 'invalid', 'Some fields are invalid.', [
        { field: 'order_number', code: 'not_visible', message: 'You cannot see this order.' },
      ]),
    });
    renderApp(s, '/cases/new');
    await user.click(await screen.findByRole('button', { name: 'Open case' }));
    expect(screen.getByLabelText('Subject')).toHaveAccessibleDescription('This field is required.');
    expect(screen.getByLabelText('Subject')).toHaveFocus();
    expect(s.callsTo('POST /api/v1/cases')).toHaveLength(0);
    await user.type(screen.getByLabelText('Subject'), 'Missing');
    await user.type(screen.getByLabelText('Description'), 'Please help');
    await user.type(screen.getByLabelText('Order number'), 'SO-9999');
    await user.click(screen.getByRole('button', { name: 'Open case' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Order number')).toHaveAccessibleDescription(expect.stringContaining('You cannot see this order.')),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields are invalid.');
    expect(screen.getByRole('alert')).not.toHaveTextContent('order_number');
  });

  it('shows the case, its thread and sends a reply', async () => {
    const user = userEvent.setup();
    let state: SupportCase = theCase;
    const s = signedInServer()
      .on('GET /api/v1/cases/41', () => ({ body: state }))
      .on('POST /api/v1/cases/41/comments', (call) => {
        const comment = { id: 2, author: 'Paula Partner', author_is_support: false, body: (call.body as { body: string }).body, created_at: '2026-11-20T11:00:00Z' };
        state = { ...state, comments: [...(state.comments ?? []), comment] };
        return { status: 201, body: comment };
      });
    renderApp(s, '/cases/41');
    expect(await screen.findByRole('heading', { name: 'Case CS-100001', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'SO-1001' })).toHaveAttribute('href', '/orders/SO-1001');
    // Without "set_status" in allowed_actions there is no status form.
    expect(screen.queryByRole('button', { name: 'Update status' })).not.toBeInTheDocument();
    const thread = screen.getByRole('list', { name: 'Comments' });
    expect(within(thread).getByRole('listitem')).toHaveTextContent('Sam Support');
    expect(within(thread).getByRole('listitem')).toHaveTextContent('Licensing Support');
    expect(within(thread).getByRole('listitem')).toHaveTextContent('We are looking into it.');
    // Customers cannot change the status.
    expect(screen.queryByRole('button', { name: 'Update status' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Reply' }), 'Thanks!');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Comments' })).getAllByRole('listitem')).toHaveLength(2));
    expect(s.callsTo('POST /api/v1/cases/41/comments')[0].body).toEqual({ body: 'Thanks!' });
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
  });

  it('a reply to a closed case shows the 409 next to the reply', async () => {
    const user = userEvent.setup();
    const s = signedInServer()
      .on('GET /api/v1/cases/41', { body: { ...theCase, status: 'closed' } })
      .on('POST /api/v1/cases/41/comments', { status: 409, body: problem(409, 'case_closed', 'This case is closed.') });
    renderApp(s, '/cases/41');
    await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Hello?');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveAccessibleDescription('This case is closed.'),
    );
  });

  it('licensing support updates the status', async () => {
    const user = userEvent.setup();
    const s = signedInServer(support)
      // The server lists "set_status" for licensing support only.
      .on('GET /api/v1/cases/41', { body: { ...theCase, allowed_actions: ['comment', 'set_status'] } })
      .on('PATCH /api/v1/cases/41', (call) => ({ body: { ...theCase, ...(call.body as object), comments: undefined } }));
    renderApp(s, '/cases/41');
    const select = await screen.findByRole('combobox', { name: 'Status' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Open', 'Waiting for customer', 'Closed']);
    await user.selectOptions(select, 'Waiting for customer');
    await user.click(screen.getByRole('button', { name: 'Update status' }));
    expect(await screen.findByText('Status changed to Waiting for customer.')).toBeInTheDocument();
    expect(s.callsTo('PATCH /api/v1/cases/41')[0].body).toEqual({ status: 'waiting' });
  });

  it('says when a case is not found', async () => {
    renderApp(signedInServer(), '/cases/999');
    expect(await screen.findByRole('heading', { name: 'Case not found', level: 1 })).toBeInTheDocument();
  });

  it('speaks German', async () => {
    await act(() => i18n.changeLanguage('de'));
    const s = signedInServer({ ...paula, locale: 'de' }).on('GET /api/v1/cases/41', { body: theCase });
    renderApp(s, '/cases/41');
    expect(await screen.findByRole('heading', { name: 'Fall CS-100001', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Senden' })).toBeInTheDocument();
  });
});

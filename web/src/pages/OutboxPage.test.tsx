import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { OutboxMail } from '../api/types';
import { admin, renderApp, signedInServer } from '../test/mockApi';

const mails: OutboxMail[] = [
  {
    id: 1,
    to: 'jana@kunde.example',
    subject: 'Ihr Smart Account wartet',
    body_text: 'Bitte bestätigen Sie den Smart Account.',
    status: 'queued',
    attempts: 0,
    created_at: '2026-11-01T10:00:00Z',
    sent_at: null,
    locale: 'de',
  },
  {
    id: 2,
    to: 'paula@partner.example',
    subject: 'Smart Account accepted',
    body_text: 'Your customer accepted.',
    status: 'sent',
    attempts: 1,
    created_at: '2026-11-01T10:00:00Z',
    sent_at: '2026-11-01T10:01:00Z',
    locale: 'en',
  },
  {
    id: 3,
    to: 'luc@client.example',
    subject: 'Votre compte entitled est prêt',
    body_text: 'Bonjour Luc.',
    status: 'failed',
    attempts: 5,
    sent_at: null,
    locale: 'fr',
    last_error: '550 mailbox unavailable',
  },
];

describe('outbox page', () => {
  it('lists mail with To, Subject, Status, Attempts and Sent at, and shows a body on request', async () => {
    const user = userEvent.setup();
    renderApp(signedInServer(admin).on('GET /api/v1/admin/outbox', { body: { items: mails, next_cursor: null } }), '/outbox');
    const table = await screen.findByRole('table', { name: 'Emails in the outbox' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'To',
      'Subject',
      'Status',
      'Attempts',
      'Sent at',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('Queued')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Not sent')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Sent')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Failed')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Last error: 550 mailbox unavailable')).toBeInTheDocument();
    expect(within(rows[2]).getByRole('cell', { name: '5' })).toBeInTheDocument();
    const body = within(rows[0]).getByText('Bitte bestätigen Sie den Smart Account.');
    expect(body).not.toBeVisible();
    await user.click(within(rows[0]).getByText('Message'));
    expect(body).toBeVisible();
  });

  it('filters by recipient through ?to=', async () => {
    const user = userEvent.setup();
    const server = signedInServer(admin).on('GET /api/v1/admin/outbox', (call) => {
      const to = call.query.get('to');
      return { body: { items: to ? mails.filter((m) => m.to === to) : mails, next_cursor: null } };
    });
    renderApp(server, '/outbox');
    await screen.findByRole('table');
    await user.type(screen.getByLabelText('Recipient'), 'paula@partner.example');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByRole('table', { name: 'Emails to paula@partner.example' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/outbox?to=paula%40partner.example');
    expect(server.calls.at(-1)!.query.get('to')).toBe('paula@partner.example');
    expect(screen.queryByText('jana@kunde.example')).not.toBeInTheDocument();
  });

  it('shows an empty state', async () => {
    renderApp(signedInServer(admin).on('GET /api/v1/admin/outbox', { body: { items: [], next_cursor: null } }), '/outbox?to=nobody@example.com');
    expect(await screen.findByText('No emails to nobody@example.com.')).toBeInTheDocument();
  });

  it('loads the next page with the cursor', async () => {
    const user = userEvent.setup();
    const server = signedInServer(admin).on('GET /api/v1/admin/outbox', (call) =>
      call.query.get('cursor') === 'c2'
        ? { body: { items: [mails[1]], next_cursor: null } }
        : { body: { items: [mails[0]], next_cursor: 'c2' } },
    );
    renderApp(server, '/outbox');
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('paula@partner.example')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });
});

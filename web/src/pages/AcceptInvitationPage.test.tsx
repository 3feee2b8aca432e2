import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MockServer, problem, renderApp } from '../test/mockApi';

function server() {
  let signedIn = false;
  return new MockServer()
    .on('GET /api/v1/me', () =>
      signedIn
        ? { body: { id: 9, email: 'neu@kunde.example', name: 'Nina Neu', locale: 'en', kind: 'external', flags: [], memberships: [] } }
        : { status: 401, body: problem(401, 'unauthenticated', 'Sign in first.') },
    )
    .on('POST /api/v1/invitations/lookup', (call) =>
      (call.body as { token: string }).token === 'inv-1'
        ? {
            body: {
              email: 'neu@kunde.example',
              role: 'va_user',
              smart_account: { id: 700, name: 'Kunde GmbH' },
              virtual_account: { id: 3, name: 'Lab' },
              invited_by: 'Jana Kunde',
            },
          }
        : { status: 404, body: problem(404, 'invalid_token', 'This invitation link is not valid.') },
    )
    .on('POST /api/v1/invitations/accept', () => {
      signedIn = true;
      return { body: { smart_account: { id: 700, name: 'Kunde GmbH' }, csrf_token: 'csrf-inv' } };
    });
}

describe('accept an invitation (public page)', () => {
  it('shows account and role, creates the user and links to the account', async () => {
    const user = userEvent.setup();
    const s = server();
    const { api } = renderApp(s, '/accept-invitation?token=inv-1');
    expect(await screen.findByRole('heading', { name: 'Accept an invitation', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('Jana Kunde invited you to the Smart Account “Kunde GmbH”.')).toBeInTheDocument();
    expect(screen.getByText('Virtual Account user')).toBeInTheDocument();
    expect(screen.getByText('Lab')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Your name'), 'Nina Neu');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.type(screen.getByLabelText('Confirm password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    expect(await screen.findByText('You are now a member of “Kunde GmbH”.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open Kunde GmbH' })).toHaveAttribute('href', '/smart-accounts/700');
    expect(s.callsTo('POST /api/v1/invitations/accept')[0].body).toEqual({
      token: 'inv-1',
      name: 'Nina Neu',
      password: 'correct horse battery',
    });
    expect(api.getCsrfToken()).toBe('csrf-inv');
  });

  it('shows an invalid token as an alert', async () => {
    renderApp(server(), '/accept-invitation?token=bad');
    expect(await screen.findByRole('alert')).toHaveTextContent('This invitation link is not valid.');
  });
});

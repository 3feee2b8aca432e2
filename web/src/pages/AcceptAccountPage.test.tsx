import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types';
import { MockServer, paula, problem, renderApp, signedInServer } from '../test/mockApi';

const lookup = {
  id: 70,
  account_name: 'Kunde GmbH',
  domain: 'kunde-gmbh.example',
  requester: { name: 'Paula Partner', email: 'paula@partner.example' },
  note_to_customer: 'Please accept.',
  customer_email: 'chef@kunde-gmbh.example',
  customer_has_account: false,
  status: 'pending',
  expires_at: '2027-02-19T10:00:00Z',
};

const chef: Me = {
  id: 40,
  email: 'chef@kunde-gmbh.example',
  name: 'Karl Chef',
  locale: 'en',
  kind: 'external',
  flags: [],
  disabled: false,
  created_at: '2026-01-01T00:00:00Z',
  totp_enabled: false,
  totp_required: false,
  totp_enrollment_required: false,
  memberships: [],
};

/** No session until accept creates the user (cookie) — then GET /me answers. */
function publicServer(overrides: Partial<typeof lookup> = {}) {
  let signedIn = false;
  return new MockServer()
    .on('GET /api/v1/me', () =>
      signedIn ? { body: chef } : { status: 401, body: problem(401, 'unauthenticated', 'Sign in first.') },
    )
    .on('POST /api/v1/smart-account-requests/lookup', (call) =>
      (call.body as { token: string }).token === 'tok-1'
        ? { body: { ...lookup, ...overrides } }
        : { status: 404, body: problem(404, 'invalid_token', 'This link is not valid.') },
    )
    .on('POST /api/v1/smart-account-requests/accept', () => {
      signedIn = true;
      return { body: { smart_account: { id: 700, name: 'Kunde GmbH', status: 'active' }, csrf_token: 'csrf-accept' } };
    })
    .on('POST /api/v1/smart-account-requests/decline', { body: { status: 'declined' } })
    .on('GET /api/v1/smart-accounts', { body: { items: [], next_cursor: null } })
    .on('GET /api/v1/orders', { status: 404, body: problem(404, 'not_found', 'Not found.') });
}

describe('accept a Smart Account (public page)', () => {
  it('shows the request without a session and creates the user when accepting', async () => {
    const user = userEvent.setup();
    const server = publicServer();
    renderApp(server, '/accept-account?token=tok-1');
    expect(await screen.findByRole('heading', { name: 'Accept a Smart Account', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('kunde-gmbh.example')).toBeInTheDocument();
    expect(screen.getByText('Paula Partner (paula@partner.example)')).toBeInTheDocument();
    expect(screen.getByText('Please accept.')).toBeInTheDocument();
    expect(screen.getByText('Feb 19, 2027')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/accept-account?token=tok-1');

    await user.click(screen.getByRole('button', { name: 'Accept' }));
    expect(screen.getByLabelText('Your name')).toHaveAccessibleDescription('This field is required.');
    expect(server.callsTo('POST /api/v1/smart-account-requests/accept')).toHaveLength(0);

    await user.type(screen.getByLabelText('Your name'), 'Karl Chef');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.type(screen.getByLabelText('Confirm password'), 'correct horse batterY');
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    expect(screen.getByLabelText('Confirm password')).toHaveAccessibleDescription('The passwords do not match.');

    await user.clear(screen.getByLabelText('Confirm password'));
    await user.type(screen.getByLabelText('Confirm password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Accept' }));

    expect(await screen.findByText('Smart Account accepted')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open Kunde GmbH' })).toHaveAttribute('href', '/smart-accounts/700');
    expect(server.callsTo('POST /api/v1/smart-account-requests/accept')[0].body).toEqual({
      token: 'tok-1',
      name: 'Karl Chef',
      password: 'correct horse battery',
    });

    // The session the server started is now the UI's: the account page opens
    // and later unsafe calls carry the CSRF token from the accept answer.
    server.on('GET /api/v1/smart-accounts/700', {
      body: {
        id: 700, name: 'Kunde GmbH', domain: 'kunde-gmbh.example', kind: 'customer', status: 'active',
        legal_entity: null, created_at: '2026-11-21T10:00:00Z', activated_at: '2026-11-21T10:05:00Z', expires_at: null,
        virtual_accounts: [], my_roles: ['sa_admin'], allowed_actions: ['view_assets', 'manage_assets', 'manage_virtual_accounts', 'manage_members', 'view_events', 'transfer_assets'],
      },
    }).on('GET /api/v1/smart-accounts/700/virtual-accounts', { body: { items: [] } })
      .on('POST /api/v1/smart-accounts/700/virtual-accounts', { status: 201, body: { id: 9, name: 'Lab', description: '' } });
    await user.click(screen.getByRole('link', { name: 'Open Kunde GmbH' }));
    expect(await screen.findByRole('heading', { name: 'Kunde GmbH', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    await user.type(await screen.findByLabelText('Name'), 'Lab');
    await user.click(screen.getByRole('button', { name: 'Create Virtual Account' }));
    await waitFor(() => expect(server.callsTo('POST /api/v1/smart-accounts/700/virtual-accounts')).toHaveLength(1));
    expect(server.callsTo('POST /api/v1/smart-accounts/700/virtual-accounts')[0].headers['x-csrf-token']).toBe('csrf-accept');
  });

  it('still shows the request when the lookup answers after the session check found no session', async () => {
    let release: () => void = () => undefined;
    const meAnswered = new Promise<void>((resolve) => (release = resolve));
    const server = publicServer()
      .on('GET /api/v1/me', () => {
        setTimeout(release, 20);
        return { status: 401, body: problem(401, 'unauthenticated', 'Sign in first.') };
      })
      .on('POST /api/v1/smart-account-requests/lookup', async () => {
        await meAnswered;
        await new Promise((r) => setTimeout(r, 20));
        return { body: lookup };
      });
    renderApp(server, '/accept-account?token=tok-1');
    expect(await screen.findByText('kunde-gmbh.example')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Accept' })).toBeInTheDocument();
  });

  it('asks an existing customer to sign in, with a link that returns here', async () => {
    renderApp(publicServer({ customer_has_account: true }), '/accept-account?token=tok-1');
    expect(await screen.findByText(/chef@kunde-gmbh.example already has a user/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('link', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
  });

  it('lets the signed-in customer accept without a password', async () => {
    const user = userEvent.setup();
    const server = signedInServer(chef)
      .on('POST /api/v1/smart-account-requests/lookup', { body: { ...lookup, customer_has_account: true } })
      .on('POST /api/v1/smart-account-requests/accept', { body: { smart_account: { id: 700, name: 'Kunde GmbH', status: 'active' } } });
    renderApp(server, '/accept-account?token=tok-1');
    expect(await screen.findByText('You are signed in as chef@kunde-gmbh.example.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    expect(await screen.findByText('Smart Account accepted')).toBeInTheDocument();
    expect(server.callsTo('POST /api/v1/smart-account-requests/accept')[0].body).toEqual({ token: 'tok-1' });
  });

  it('tells someone signed in as another user to sign in as the customer', async () => {
    renderApp(
      signedInServer(paula).on('POST /api/v1/smart-account-requests/lookup', { body: { ...lookup, customer_has_account: true } }),
      '/accept-account?token=tok-1',
    );
    expect(await screen.findByText('You are signed in as paula@partner.example.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
  });

  it('declines only with a reason', async () => {
    const user = userEvent.setup();
    const server = publicServer();
    renderApp(server, '/accept-account?token=tok-1');
    await user.click(await screen.findByRole('button', { name: 'Decline' }));
    const form = screen.getByRole('form', { name: 'Decline the Smart Account' });
    await user.click(within(form).getByRole('button', { name: 'Decline request' }));
    expect(within(form).getByLabelText('Reason')).toHaveAccessibleDescription('Tell the requester why you decline.');
    expect(server.callsTo('POST /api/v1/smart-account-requests/decline')).toHaveLength(0);
    await user.type(within(form).getByLabelText('Reason'), 'We already have one.');
    await user.click(within(form).getByRole('button', { name: 'Decline request' }));
    expect(await screen.findByText('Smart Account declined')).toBeInTheDocument();
    expect(server.callsTo('POST /api/v1/smart-account-requests/decline')[0].body).toEqual({
      token: 'tok-1',
      reason: 'We already have one.',
    });
  });

  it('shows an unknown token as an alert', async () => {
    renderApp(publicServer(), '/accept-account?token=nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('This link is not valid.');
  });

  it('shows 409 request_not_pending from accept as an alert', async () => {
    const user = userEvent.setup();
    const server = publicServer().on('POST /api/v1/smart-account-requests/accept', {
      status: 409,
      body: problem(409, 'request_not_pending', 'This request has expired.'),
    });
    renderApp(server, '/accept-account?token=tok-1');
    await user.type(await screen.findByLabelText('Your name'), 'Karl Chef');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.type(screen.getByLabelText('Confirm password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This request has expired.');
  });

  it('says when a looked-up request is no longer pending', async () => {
    renderApp(publicServer({ status: 'declined' }), '/accept-account?token=tok-1');
    expect(await screen.findByRole('alert')).toHaveTextContent('This request has been declined.');
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
  });

  it('shows password rules from a 422 next to the field', async () => {
    const user = userEvent.setup();
    const server = publicServer().on('POST /api/v1/smart-account-requests/accept', {
      status: 422,
      body: problem(422, 'invalid', 'Some fields are invalid.', [
        { field: 'password', code: 'too_short', message: 'Use at least 12 characters.' },
      ]),
    });
    renderApp(server, '/accept-account?token=tok-1');
    await user.type(await screen.findByLabelText('Your name'), 'Karl Chef');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.type(screen.getByLabelText('Confirm password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(expect.stringContaining('Use at least 12 characters.')),
    );
  });
});

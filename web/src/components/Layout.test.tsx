import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { admin, paula, problem, renderApp, signedInServer } from '../test/mockApi';

describe('application frame', () => {
  it('has a skip link, a labelled navigation and a main landmark', async () => {
    renderApp(signedInServer());
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toHaveAttribute('href', '#main');
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
    const names = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(names).toEqual(['Orders', 'Smart Accounts', 'Asset Transfers', 'Cases']);
  });

  it('shows Outbox only to platform admins and Compliance only to compliance officers', async () => {
    renderApp(signedInServer({ ...admin, flags: ['platform_admin', 'compliance'] }));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Outbox' })).toHaveAttribute('href', '/outbox');
    expect(within(nav).getByRole('link', { name: 'Compliance' })).toHaveAttribute('href', '/compliance');
  });

  it('refuses the Outbox page to a user without the flag', async () => {
    renderApp(signedInServer(paula), '/outbox');
    expect(await screen.findByRole('alert')).toHaveTextContent('You are not allowed to see this page.');
    expect(screen.queryByRole('link', { name: 'Outbox' })).not.toBeInTheDocument();
  });

  it('translates the navigation and saves the language to the profile', async () => {
    const user = userEvent.setup();
    const server = signedInServer().on('PATCH /api/v1/me', (call) => ({
      body: { ...paula, locale: (call.body as { locale: string }).locale },
    }));
    renderApp(server);
    await screen.findByRole('navigation', { name: 'Main' });

    await user.selectOptions(screen.getByLabelText('Language'), 'fr');
    const navFr = await screen.findByRole('navigation', { name: 'Principale' });
    expect(within(navFr).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Commandes',
      'Comptes Smart',
      "Transferts d'actifs",
      'Dossiers',
    ]);
    expect(document.documentElement.lang).toBe('fr');

    await user.selectOptions(screen.getByLabelText('Langue'), 'de');
    const navDe = await screen.findByRole('navigation', { name: 'Hauptmenü' });
    expect(within(navDe).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Bestellungen',
      'Smart Accounts',
      'Asset-Transfers',
      'Fälle',
    ]);
    expect(screen.getByLabelText('Sprache')).toHaveValue('de');

    const patches = server.callsTo('PATCH /api/v1/me');
    expect(patches.map((c) => c.body)).toEqual([{ locale: 'fr' }, { locale: 'de' }]);
    expect(patches.every((c) => c.headers['x-csrf-token'] === 'csrf-from-me')).toBe(true);
    expect(localStorage.getItem('entitled.language')).toBe('de');
    await act(() => i18n.changeLanguage('en'));
  });

  it('signs out with the CSRF token and returns to the sign-in page', async () => {
    const user = userEvent.setup();
    const server = signedInServer().on('POST /api/v1/auth/logout', { status: 204 });
    renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText('You have signed out.')).toBeInTheDocument();
    expect(server.callsTo('POST /api/v1/auth/logout')[0].headers['x-csrf-token']).toBe('csrf-from-me');
  });

  it('sends the person to sign in with a message when the session expires', async () => {
    const user = userEvent.setup();
    let expired = false;
    const server = signedInServer().on('GET /api/v1/me', () =>
      expired ? { status: 401, body: problem(401, 'session_expired', 'Session expired.') } : { body: paula },
    );
    renderApp(server);
    await user.selectOptions(await screen.findByLabelText('Language'), 'fr');
    expired = true;
    await user.click(screen.getByRole('link', { name: 'Commandes' }));
    expect(await screen.findByText('Votre session a expiré. Veuillez vous reconnecter.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Connexion' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/sign-in');
    await act(() => i18n.changeLanguage('en'));
  });

  it('shows the expiry message after a reload when the session ended meanwhile', async () => {
    sessionStorage.setItem('entitled.signedIn', '1');
    const server = signedInServer().on('GET /api/v1/me', {
      status: 401,
      body: problem(401, 'unauthenticated', 'Sign in.'),
    });
    renderApp(server, '/cases');
    expect(await screen.findByText('Your session has expired. Please sign in again.')).toBeInTheDocument();
  });

  it('offers a retry when the server cannot be reached at start', async () => {
    const user = userEvent.setup();
    let up = false;
    const server = signedInServer().on('GET /api/v1/me', () =>
      up ? { body: paula } : { status: 503, body: problem(503, 'unavailable', 'The server is busy.') },
    );
    renderApp(server);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server is busy.');
    up = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument());
  });
});

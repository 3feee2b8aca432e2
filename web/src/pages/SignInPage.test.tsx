import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { paula, problem, renderApp, signedOutServer } from '../test/mockApi';

describe('sign-in page', () => {
  it('sends a signed-out visitor to the sign-in page', async () => {
    renderApp(signedOutServer(), '/orders');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/sign-in');
    // A first visit is not an expired session.
    expect(screen.queryByText('Your session has expired. Please sign in again.')).not.toBeInTheDocument();
  });

  it('signs in and returns to the page the person asked for', async () => {
    const user = userEvent.setup();
    const server = signedOutServer();
    renderApp(server, '/orders');
    await user.type(await screen.findByLabelText('Email'), 'paula@partner.example');
    await user.type(screen.getByLabelText('Password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Orders', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/orders');
    expect(server.callsTo('POST /api/v1/auth/login')[0].body).toEqual({
      email: 'paula@partner.example',
      password: 'right',
    });
  });

  it('switches the UI to the language of the user after sign-in', async () => {
    const user = userEvent.setup();
    renderApp(signedOutServer({ ...paula, locale: 'de' }));
    await user.type(await screen.findByLabelText('Email'), 'paula@partner.example');
    await user.type(screen.getByLabelText('Password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const nav = await screen.findByRole('navigation', { name: 'Hauptmenü' });
    expect(within(nav).getByRole('link', { name: 'Bestellungen' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('de');
    expect(localStorage.getItem('entitled.language')).toBe('de');
  });

  it('shows the server message in an alert for a wrong password', async () => {
    const user = userEvent.setup();
    renderApp(signedOutServer());
    await user.type(await screen.findByLabelText('Email'), 'paula@partner.example');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong.');
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('puts field errors next to their fields with aria-invalid and aria-describedby', async () => {
    const user = userEvent.setup();
    const server = signedOutServer().on('POST /api/v1/auth/login', {
      status: 422,
      body: problem(422, 'invalid', 'Check the highlighted fields.', [
        { field: 'email', code: 'invalid_email', message: 'This is not an email address.' },
      ]),
    });
    renderApp(server);
    await user.type(await screen.findByLabelText('Email'), 'not-an-email');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('This is not an email address.');
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Check the highlighted fields.');
    expect(email).toHaveFocus();
  });

  it('asks for missing fields without calling the server', async () => {
    const user = userEvent.setup();
    const server = signedOutServer();
    renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(server.callsTo('POST /api/v1/auth/login')).toHaveLength(0);
  });

  it('shows the rate-limit message', async () => {
    const user = userEvent.setup();
    const server = signedOutServer().on('POST /api/v1/auth/login', {
      status: 429,
      body: { status: 429, code: 'rate_limited' },
      headers: { 'Retry-After': '42' },
    });
    renderApp(server);
    await user.type(await screen.findByLabelText('Email'), 'paula@partner.example');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Try again in 42 seconds.');
  });

  it('offers the language switcher when signed out and remembers the choice locally', async () => {
    const user = userEvent.setup();
    const server = signedOutServer();
    renderApp(server);
    await user.selectOptions(await screen.findByLabelText('Language'), 'Français');
    expect(await screen.findByRole('heading', { name: 'Connexion' })).toBeInTheDocument();
    expect(screen.getByLabelText('Langue')).toHaveValue('fr');
    expect(localStorage.getItem('entitled.language')).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(server.callsTo('PATCH /api/v1/me')).toHaveLength(0);
    // Server messages then come in French.
    await user.type(screen.getByLabelText('E-mail'), 'x@y.z');
    await user.type(screen.getByLabelText('Mot de passe'), 'x');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    await screen.findByRole('alert');
    expect(server.callsTo('POST /api/v1/auth/login')[0].headers['accept-language']).toBe('fr');
    await act(() => i18n.changeLanguage('en'));
  });
});

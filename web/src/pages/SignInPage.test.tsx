import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { MockServer, paula, problem, renderApp, signedOutServer } from '../test/mockApi';

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

  describe('with two-factor authentication', () => {
    /** Paula with TOTP on: the password alone is not enough; "123456" is the right code. */
    function totpServer(): MockServer {
      let signedIn = false;
      return new MockServer()
        .on('GET /api/v1/me', () =>
          signedIn
            ? { body: { ...paula, totp_enabled: true } }
            : { status: 401, body: problem(401, 'unauthenticated', 'Sign in first.') },
        )
        .on('POST /api/v1/auth/login', (call) => {
          const { email, password, totp_code } = call.body as { email: string; password: string; totp_code?: string };
          if (email !== paula.email || password !== 'right') {
            return { status: 401, body: problem(401, 'invalid_credentials', 'The email or password is wrong.') };
          }
          if (totp_code === undefined) {
            return {
              status: 401,
              body: problem(401, 'totp_required', 'Enter the code from your authenticator app.', [
                { field: 'totp_code', code: 'required', message: 'Enter the code.' },
              ]),
            };
          }
          if (totp_code !== '123456') {
            return {
              status: 401,
              body: problem(401, 'invalid_totp_code', 'The code is not valid.', [
                { field: 'totp_code', code: 'invalid_totp_code', message: 'This code is wrong or was already used.' },
              ]),
            };
          }
          signedIn = true;
          const { csrf_token: _ignored, ...rest } = paula;
          return { body: { user: { ...rest, totp_enabled: true }, csrf_token: 'csrf-from-login' } };
        })
        .on('GET /api/v1/orders', { status: 404, body: problem(404, 'not_found', 'Not found.') });
    }

    async function passPasswordStep(user: ReturnType<typeof userEvent.setup>) {
      await user.type(await screen.findByLabelText('Email'), 'paula@partner.example');
      await user.type(screen.getByLabelText('Password'), 'right');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      return screen.findByLabelText('Authentication code');
    }

    it('asks for the authentication code after the password and sends it with email and password', async () => {
      const user = userEvent.setup();
      const server = totpServer();
      renderApp(server, '/orders');
      const code = await passPasswordStep(user);
      // The second step replaces the first, without an error.
      expect(code).toHaveAttribute('autocomplete', 'one-time-code');
      expect(code).toHaveAttribute('inputmode', 'numeric');
      expect(code).toHaveFocus();
      expect(code).not.toHaveAttribute('aria-invalid');
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
      expect(screen.getByText(/Your account paula@partner\.example is protected/)).toBeInTheDocument();
      expect(screen.getByTestId('location')).toHaveTextContent('/sign-in');

      await user.type(code, '123 456');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(await screen.findByRole('heading', { name: 'Orders', level: 1 })).toBeInTheDocument();
      expect(screen.getByTestId('location')).toHaveTextContent('/orders');
      expect(server.callsTo('POST /api/v1/auth/login').map((c) => c.body)).toEqual([
        { email: 'paula@partner.example', password: 'right' },
        { email: 'paula@partner.example', password: 'right', totp_code: '123456' },
      ]);
    });

    it('shows a wrong code under the code field and lets the person try again', async () => {
      const user = userEvent.setup();
      const server = totpServer();
      renderApp(server);
      const code = await passPasswordStep(user);
      await user.type(code, '000000');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect(code).toHaveAttribute('aria-invalid', 'true'));
      expect(code).toHaveAccessibleDescription(expect.stringContaining('This code is wrong or was already used.'));
      expect(screen.getByRole('alert')).toHaveTextContent('The code is not valid.');
      // The field error is not repeated in the alert.
      expect(screen.getByRole('alert')).not.toHaveTextContent('totp_code');
      expect(code).toHaveFocus();

      await user.clear(code);
      await user.type(code, '123456');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(await screen.findByRole('heading', { name: 'Welcome, Paula Partner', level: 1 })).toBeInTheDocument();
      expect(server.callsTo('POST /api/v1/auth/login')).toHaveLength(3);
    });

    it('checks the code has 6 digits before calling the server', async () => {
      const user = userEvent.setup();
      const server = totpServer();
      renderApp(server);
      const code = await passPasswordStep(user);
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(code).toHaveAccessibleDescription(expect.stringContaining('Enter the authentication code.'));
      await user.type(code, '12a45');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(code).toHaveAccessibleDescription(expect.stringContaining('Enter the 6 digits of the code.'));
      expect(server.callsTo('POST /api/v1/auth/login')).toHaveLength(1);
    });

    it('can start over with another account', async () => {
      const user = userEvent.setup();
      renderApp(totpServer());
      await passPasswordStep(user);
      await user.click(screen.getByRole('button', { name: 'Start over' }));
      expect(screen.getByLabelText('Email')).toHaveValue('paula@partner.example');
      expect(screen.getByLabelText('Password')).toHaveValue('');
      expect(screen.queryByLabelText('Authentication code')).not.toBeInTheDocument();
    });

    it('still refuses a wrong password before asking for a code', async () => {
      const user = userEvent.setup();
      renderApp(totpServer());
      await user.type(await screen.findByLabelText('Email'), 'paula@partner.example');
      await user.type(screen.getByLabelText('Password'), 'wrong');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong.');
      expect(screen.queryByLabelText('Authentication code')).not.toBeInTheDocument();
    });

    it('asks for the code in French', async () => {
      const user = userEvent.setup();
      renderApp(totpServer());
      await user.selectOptions(await screen.findByLabelText('Language'), 'Français');
      await user.type(screen.getByLabelText('E-mail'), 'paula@partner.example');
      await user.type(screen.getByLabelText('Mot de passe'), 'right');
      await user.click(screen.getByRole('button', { name: 'Se connecter' }));
      expect(await screen.findByLabelText("Code d'authentification")).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
      await act(() => i18n.changeLanguage('en'));
    });
  });
});

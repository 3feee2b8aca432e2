import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Me } from '../api/types';
import i18n from '../i18n';
import { admin, MockServer, paula, problem, renderApp, signedInServer } from '../test/mockApi';
import { groupSecret } from './SecurityPage';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const enrollment = {
  secret: SECRET,
  otpauth_uri: `otpauth://totp/entitled:paula%40partner.example?secret=${SECRET}&issuer=entitled&algorithm=SHA1&digits=6&period=30`,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
};

const paulaOff: Me = { ...paula, totp_enabled: false, totp_required: false, totp_enrollment_required: false };
const paulaOn: Me = { ...paulaOff, totp_enabled: true };

/**
 * A server that keeps the user's TOTP state: POST /me/totp wants the password
 * "right", confirm and disable want the code "123456".
 */
function totpServer(start: Me): MockServer {
  let me = start;
  let started = false;
  return signedInServer(start)
    .on('GET /api/v1/me', () => ({ body: me }))
    .on('POST /api/v1/me/totp', (call) => {
      if (me.totp_enabled) return { status: 409, body: problem(409, 'totp_already_enabled', 'Already on.') };
      if ((call.body as { current_password: string }).current_password !== 'right') {
        return {
          status: 422,
          body: problem(422, 'validation_failed', 'Check the highlighted fields.', [
            { field: 'current_password', code: 'wrong_current_password', message: 'The current password is wrong.' },
          ]),
        };
      }
      started = true;
      return { status: 201, body: enrollment };
    })
    .on('POST /api/v1/me/totp/confirm', (call) => {
      if (!started) return { status: 409, body: problem(409, 'totp_not_started', 'Start first.') };
      if ((call.body as { code: string }).code !== '123456') {
        return {
          status: 422,
          body: problem(422, 'validation_failed', 'Check the highlighted fields.', [
            { field: 'code', code: 'invalid_totp_code', message: 'This code is wrong.' },
          ]),
        };
      }
      me = { ...me, totp_enabled: true, totp_enrollment_required: false };
      return { body: me };
    })
    .on('POST /api/v1/me/totp/disable', (call) => {
      if (me.totp_required) return { status: 409, body: problem(409, 'totp_required', 'Your account requires it.') };
      const { current_password, code } = call.body as { current_password: string; code: string };
      const errors = [
        ...(current_password !== 'right'
          ? [{ field: 'current_password', code: 'wrong_current_password', message: 'The current password is wrong.' }]
          : []),
        ...(code !== '123456' ? [{ field: 'code', code: 'invalid_totp_code', message: 'This code is wrong.' }] : []),
      ];
      if (errors.length > 0) return { status: 422, body: problem(422, 'validation_failed', 'Check the highlighted fields.', errors) };
      me = { ...me, totp_enabled: false };
      return { body: me };
    })
    .on('POST /api/v1/auth/logout', { status: 204 });
}

describe('Security page (two-factor authentication)', () => {
  it('groups the setup key in fours', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
  });

  it('is linked from the frame, next to Sign out', async () => {
    const user = userEvent.setup();
    renderApp(totpServer(paulaOff));
    const account = await screen.findByRole('group', { name: 'Your account' });
    await user.click(within(account).getByRole('link', { name: 'Security' }));
    expect(await screen.findByRole('heading', { name: 'Two-factor authentication', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/security');
    expect(screen.getByText('Two-factor authentication is off.')).toBeInTheDocument();
  });

  it('sets up two-factor authentication: password, secret for the app, code, on', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const server = totpServer(paulaOff);
    renderApp(server, '/security');
    const setup = await screen.findByRole('region', { name: 'Set up two-factor authentication' });

    await user.type(within(setup).getByLabelText('Current password'), 'right');
    await user.click(within(setup).getByRole('button', { name: 'Continue' }));

    const key = await within(setup).findByLabelText('Setup key');
    expect(key).toHaveValue('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(key).toHaveAttribute('readonly');
    expect(key).toHaveAccessibleDescription('SHA1, 6 digits, a new code every 30 seconds.');
    expect(within(setup).getByRole('link', { name: 'Open in an authenticator app' })).toHaveAttribute(
      'href',
      enrollment.otpauth_uri,
    );
    const qr = await within(setup).findByRole('img', {
      name: 'QR code that adds your entitled account to an authenticator app',
    });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);

    await user.click(within(setup).getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await within(setup).findByText('Copied to the clipboard.')).toBeInTheDocument();

    // A wrong code first: the error is under the code field.
    const code = within(setup).getByLabelText('Authentication code');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await user.type(code, '000000');
    await user.click(within(setup).getByRole('button', { name: 'Turn on' }));
    await waitFor(() => expect(code).toHaveAttribute('aria-invalid', 'true'));
    expect(code).toHaveAccessibleDescription('This code is wrong.');

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(within(setup).getByRole('button', { name: 'Turn on' }));
    const done = await screen.findByText(/From now on, you sign in with your password and a code/);
    expect(done).toHaveAttribute('role', 'status');
    expect(screen.getByText('Two-factor authentication is on.', { selector: 'strong' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Set up two-factor authentication' })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Turn off two-factor authentication' })).toBeInTheDocument();

    expect(server.callsTo('POST /api/v1/me/totp').map((c) => c.body)).toEqual([{ current_password: 'right' }]);
    expect(server.callsTo('POST /api/v1/me/totp/confirm').map((c) => c.body)).toEqual([
      { code: '000000' },
      { code: '123456' },
    ]);
    expect(server.calls.filter((c) => c.method === 'POST').every((c) => c.headers['x-csrf-token'] === 'csrf-from-me')).toBe(
      true,
    );
    expect(screen.getByTestId('location')).toHaveTextContent('/security');
  });

  it('shows a wrong current password under the password field', async () => {
    const user = userEvent.setup();
    const server = totpServer(paulaOff);
    renderApp(server, '/security');
    const setup = await screen.findByRole('region', { name: 'Set up two-factor authentication' });
    await user.click(within(setup).getByRole('button', { name: 'Continue' }));
    const password = within(setup).getByLabelText('Current password');
    expect(password).toHaveAccessibleDescription('Enter your current password.');
    expect(server.callsTo('POST /api/v1/me/totp')).toHaveLength(0);

    await user.type(password, 'wrong');
    await user.click(within(setup).getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(password).toHaveAccessibleDescription('The current password is wrong.'));
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(within(setup).getByRole('alert')).toHaveTextContent('Check the highlighted fields.');
    expect(within(setup).queryByLabelText('Setup key')).not.toBeInTheDocument();
  });

  it('turns two-factor authentication off with the password and a code', async () => {
    const user = userEvent.setup();
    const server = totpServer(paulaOn);
    renderApp(server, '/security');
    expect(await screen.findByText('Two-factor authentication is on.')).toBeInTheDocument();
    const off = screen.getByRole('region', { name: 'Turn off two-factor authentication' });

    await user.type(within(off).getByLabelText('Current password'), 'wrong');
    await user.type(within(off).getByLabelText('Authentication code'), '111111');
    await user.click(within(off).getByRole('button', { name: 'Turn off' }));
    await waitFor(() =>
      expect(within(off).getByLabelText('Current password')).toHaveAccessibleDescription('The current password is wrong.'),
    );
    expect(within(off).getByLabelText('Authentication code')).toHaveAccessibleDescription('This code is wrong.');

    await user.clear(within(off).getByLabelText('Current password'));
    await user.type(within(off).getByLabelText('Current password'), 'right');
    await user.clear(within(off).getByLabelText('Authentication code'));
    await user.type(within(off).getByLabelText('Authentication code'), '123456');
    await user.click(within(off).getByRole('button', { name: 'Turn off' }));

    const done = await within(screen.getByRole('main')).findByRole('status');
    expect(done).toHaveTextContent('Two-factor authentication is off.');
    expect(screen.getByText('Two-factor authentication is off.', { selector: 'strong' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Set up two-factor authentication' })).toBeInTheDocument();
    expect(server.callsTo('POST /api/v1/me/totp/disable').at(-1)?.body).toEqual({ current_password: 'right', code: '123456' });
  });

  it('offers no way to turn it off when the account requires it', async () => {
    renderApp(totpServer({ ...admin, totp_enabled: true, totp_required: true, totp_enrollment_required: false }), '/security');
    expect(await screen.findByText('Two-factor authentication is on.')).toBeInTheDocument();
    expect(screen.getByText('It is required for your account.')).toBeInTheDocument();
    expect(
      screen.getByText('Two-factor authentication is required for your account, so it cannot be turned off.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Turn off' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Set up two-factor authentication' })).not.toBeInTheDocument();
  });

  describe('when the account must set it up first', () => {
    const ada: Me = { ...admin, totp_enabled: false, totp_required: true, totp_enrollment_required: true };

    it('sends every signed-in page to the Security page, with the reason and no navigation', async () => {
      const server = totpServer(ada);
      renderApp(server, '/orders');
      expect(await screen.findByRole('heading', { name: 'Two-factor authentication', level: 1 })).toBeInTheDocument();
      expect(screen.getByTestId('location')).toHaveTextContent('/security');
      expect(
        screen.getByText('Your account requires two-factor authentication. Set it up to continue.'),
      ).toBeInTheDocument();
      expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
      expect(screen.queryByRole('heading', { name: 'Orders' })).not.toBeInTheDocument();
      // Nothing else was asked of the server, which would refuse it anyway.
      expect(server.calls.map((c) => `${c.method} ${c.path}`).every((r) => r === 'GET /api/v1/me')).toBe(true);
    });

    it('opens the application at the home page once two-factor authentication is on', async () => {
      const user = userEvent.setup();
      const server = totpServer(ada);
      renderApp(server, '/outbox');
      const setup = await screen.findByRole('region', { name: 'Set up two-factor authentication' });
      await user.type(within(setup).getByLabelText('Current password'), 'right');
      await user.click(within(setup).getByRole('button', { name: 'Continue' }));
      await user.type(await within(setup).findByLabelText('Authentication code'), '123456');
      await user.click(within(setup).getByRole('button', { name: 'Turn on' }));
      expect(await screen.findByRole('heading', { name: 'Welcome, Ada Admin', level: 1 })).toBeInTheDocument();
      expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
      expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    });

    it('still lets the person sign out', async () => {
      const user = userEvent.setup();
      const server = totpServer(ada);
      renderApp(server, '/');
      await screen.findByRole('heading', { name: 'Two-factor authentication', level: 1 });
      await user.click(screen.getByRole('button', { name: 'Sign out' }));
      expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
      expect(server.callsTo('POST /api/v1/auth/logout')).toHaveLength(1);
    });

    it('explains it in German', async () => {
      renderApp(totpServer({ ...ada, locale: 'de' }), '/');
      expect(await screen.findByRole('heading', { name: 'Zwei-Faktor-Authentifizierung', level: 1 })).toBeInTheDocument();
      expect(
        screen.getByText('Ihr Konto erfordert Zwei-Faktor-Authentifizierung. Richten Sie sie ein, um fortzufahren.'),
      ).toBeInTheDocument();
      expect(screen.getByLabelText('Aktuelles Passwort')).toBeInTheDocument();
      await act(() => i18n.changeLanguage('en'));
    });
  });
});

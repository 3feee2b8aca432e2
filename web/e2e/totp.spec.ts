import { DEMO_PASSWORD, expect, signIn, test } from './fixtures';
import { codeAfter, freshCode, wrongCode } from './totp';

const PAULA = 'paula@partner.example';

// Each accepted code uses up its 30-second step (replay protection), and this
// test needs three of them: up to a minute of waiting.
test.describe('two-factor authentication (TOTP)', () => {
  test('paula sets it up, signs in with a code (a wrong one is refused), and turns it off again', async ({ page }) => {
    test.setTimeout(150_000);

    await signIn(page, PAULA);
    await page.getByRole('group', { name: 'Your account' }).getByRole('link', { name: 'Security' }).click();
    await expect(page).toHaveURL(/\/security$/);
    await expect(page.getByRole('heading', { name: 'Two-factor authentication', level: 1 })).toBeVisible();
    await expect(page.getByText('Two-factor authentication is off.')).toBeVisible();

    // Set up: the password, then the secret for the app.
    const setup = page.getByRole('region', { name: 'Set up two-factor authentication' });
    await setup.getByLabel('Current password').fill(DEMO_PASSWORD);
    await setup.getByRole('button', { name: 'Continue' }).click();
    const key = setup.getByLabel('Setup key');
    await expect(key).toHaveValue(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const secret = (await key.inputValue()).replace(/\s+/g, '');
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await expect(setup.getByRole('img', { name: /QR code/ })).toBeVisible();
    await expect(setup.getByRole('link', { name: 'Open in an authenticator app' })).toHaveAttribute(
      'href',
      new RegExp(`^otpauth://totp/.*secret=${secret}`),
    );

    // Turn it on with the current code.
    const enrolled = await freshCode(secret);
    await setup.getByLabel('Authentication code').fill(enrolled.code);
    await setup.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('Two-factor authentication is on.');
    await expect(page.getByRole('region', { name: 'Turn off two-factor authentication' })).toBeVisible();

    // Sign out, sign in again: the password is not enough any more.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await page.getByLabel('Email').fill(PAULA);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Authentication code');
    await expect(code).toBeVisible();
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(page.getByRole('alert')).toHaveCount(0);

    // A wrong code is refused, with the error at the field.
    await code.fill(wrongCode(secret, enrolled.step));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);

    // The code of the step used to turn it on would be a replay: wait for the next step.
    const signedIn = await codeAfter(secret, enrolled.step);
    await code.fill(signedIn.code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where she signed out.
    await expect(page).toHaveURL(/\/security$/);
    await expect(page.getByText('Two-factor authentication is on.')).toBeVisible();

    // Turn it off again (the other specs sign paula in with her password alone).
    const off = page.getByRole('region', { name: 'Turn off two-factor authentication' });
    await off.getByLabel('Current password').fill(DEMO_PASSWORD);
    const disabled = await codeAfter(secret, signedIn.step);
    await off.getByLabel('Authentication code').fill(disabled.code);
    await off.getByRole('button', { name: 'Turn off' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('Two-factor authentication is off.');

    // And the password alone signs in again. Wait for the sign-in page first:
    // signIn() opens /sign-in itself when it is not there yet, which would
    // forget where she signed out.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await signIn(page, PAULA);
    await expect(page.getByRole('heading', { name: 'Two-factor authentication', level: 1 })).toBeVisible();
    await page.getByRole('link', { name: 'entitled' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome, Paula Partner', level: 1 })).toBeVisible();
  });
});

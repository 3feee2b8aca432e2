import { expect, test as base, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'entitled-demo';

/** The server global-setup started; every test navigates relative to it. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error('E2E_BASE_URL is not set: global-setup did not start the server');
    await use(url);
  },
});

export { expect };

/** Signs in through the form, as a person would, and waits for the signed-in frame. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  if (!/\/sign-in/.test(page.url())) await page.goto('/sign-in');
  await page.getByLabel(/^(Email|E-mail|E-Mail)$/).fill(email);
  await page.getByLabel(/^(Password|Mot de passe|Passwort)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter|Anmelden)$/ }).click();
  // Signed in: the frame with the sign-out button exists (it may sit behind the
  // Menu button at phone width) and the sign-in page is gone.
  await expect(
    page.getByRole('button', { name: /^(Sign out|Se déconnecter|Abmelden)$/, includeHidden: true }),
  ).toHaveCount(1);
  await expect(page).not.toHaveURL(/\/sign-in/);
}

import { expect, signIn, test } from './fixtures';

const EXPIRED = 'Your session has expired. Please sign in again.';

test.describe('sign-in', () => {
  test('paula signs in and sees her home page and the navigation', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await signIn(page, 'paula@partner.example');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Welcome, Paula Partner', level: 1 })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Orders', 'Smart Accounts', 'Asset Transfers', 'Cases']) {
      await expect(nav.getByRole('link', { name })).toBeVisible();
    }
    await expect(page.getByRole('heading', { name: 'Orders on Smart Account hold' })).toBeVisible();
    await nav.getByRole('link', { name: 'Orders' }).click();
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
  });

  test('a wrong password shows the error and stays on the sign-in page', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('paula@partner.example');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).not.toHaveText('');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  });

  test('the sign-in page loads without Content-Security-Policy violations and has a skip link', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    expect(violations).toEqual([]);
  });
});

test.describe('language', () => {
  test('switching to French and German translates the navigation and is kept in the profile', async ({ page }) => {
    await signIn(page, 'paula@partner.example');
    await page.getByLabel('Language').selectOption({ label: 'Français' });
    const navFr = page.getByRole('navigation', { name: 'Principale' });
    await expect(navFr.getByRole('link', { name: 'Commandes' })).toBeVisible();
    await expect(navFr.getByRole('link', { name: 'Comptes Smart' })).toBeVisible();
    await expect(navFr.getByRole('link', { name: "Transferts d'actifs" })).toBeVisible();
    await expect(navFr.getByRole('link', { name: 'Dossiers' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

    await page.getByLabel('Langue').selectOption({ label: 'Deutsch' });
    const navDe = page.getByRole('navigation', { name: 'Hauptmenü' });
    await expect(navDe.getByRole('link', { name: 'Bestellungen' })).toBeVisible();
    await expect(navDe.getByRole('link', { name: 'Asset-Transfers' })).toBeVisible();
    await expect(navDe.getByRole('link', { name: 'Fälle' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');

    // Saved with PATCH /me: a new browser (no local storage) signs in in German.
    const fresh = await page.context().browser()!.newPage({ baseURL: process.env.E2E_BASE_URL });
    try {
      await signIn(fresh, 'paula@partner.example');
      await expect(fresh.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Bestellungen' })).toBeVisible();
    } finally {
      await fresh.close();
    }

    // Back to English, so other tests see Paula as the demo made her.
    await page.getByLabel('Sprache').selectOption({ label: 'English' });
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeEnabled();
  });

  test('the sign-in page can be switched to French before signing in', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Language').selectOption({ label: 'Français' });
    await expect(page.getByRole('heading', { name: 'Connexion', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Mot de passe')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Connexion', level: 1 })).toBeVisible();
  });

  test("after sign-in the UI speaks the user's language (jana: German)", async ({ page }) => {
    await signIn(page, 'jana@kunde.example');
    await expect(page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Bestellungen' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  });
});

test.describe('session', () => {
  test('sign out returns to the sign-in page and ends the session', async ({ page }) => {
    await signIn(page, 'paula@partner.example');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await expect(page.getByText('You have signed out.')).toBeVisible();
    await page.goto('/orders');
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  });

  test('an ended session (cookie deleted) sends the person to sign in with a message', async ({ page, context }) => {
    await signIn(page, 'paula@partner.example');
    await context.clearCookies();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await expect(page.getByText(EXPIRED)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);

    // Signing in again returns to the page the person was going to.
    await signIn(page, 'paula@partner.example');
    await expect(page).toHaveURL(/\/cases$/);
    await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
  });

  test('an ended session is also noticed on a reload', async ({ page, context }) => {
    await signIn(page, 'paula@partner.example');
    await context.clearCookies();
    await page.goto('/transfers');
    await expect(page.getByText(EXPIRED)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  });
});

test.describe('navigation by role', () => {
  test('admin sees the Outbox link and the outbox', async ({ page }) => {
    await signIn(page, 'admin@vendor.example');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Outbox' }).click();
    await expect(page.getByRole('heading', { name: 'Outbox', level: 1 })).toBeVisible();
    // Either mail or the empty state, never an error.
    await expect(page.getByRole('table', { name: /Emails/ }).or(page.getByText('The outbox is empty.'))).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByRole('searchbox', { name: 'Recipient' }).fill('nobody@nowhere.example');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect(page).toHaveURL(/\/outbox\?to=nobody%40nowhere\.example$/);
    await expect(page.getByText('No emails to nobody@nowhere.example.')).toBeVisible();
  });

  test('paula sees neither the Outbox nor the Compliance link', async ({ page }) => {
    await signIn(page, 'paula@partner.example');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Orders' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Outbox' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Compliance' })).toHaveCount(0);
    await page.goto('/outbox');
    await expect(page.getByRole('alert')).toHaveText('You are not allowed to see this page.');
  });

  test('the compliance officer sees the Compliance link (in French)', async ({ page }) => {
    await signIn(page, 'compliance@vendor.example');
    const nav = page.getByRole('navigation', { name: 'Principale' });
    await nav.getByRole('link', { name: 'Conformité' }).click();
    await expect(page.getByRole('heading', { name: 'Conformité', level: 1 })).toBeVisible();
    await expect(nav.getByRole('link', { name: "Boîte d'envoi" })).toHaveCount(0);
  });
});

test.describe('phone width', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the navigation collapses behind a Menu button', async ({ page }) => {
    await signIn(page, 'paula@partner.example');
    const menu = page.getByRole('button', { name: 'Menu' });
    const orders = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' });
    await expect(orders).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await orders.click();
    await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
    await expect(orders).toBeHidden();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
  });
});

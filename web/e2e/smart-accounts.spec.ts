import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { ACCEPT_ACCOUNT_LINK, ACCEPT_INVITATION_LINK, anonymous, apiAs, linkFromMail, loginAdmin, outbox } from './api';
import { expect, signIn, test } from './fixtures';

const NEW_PASSWORD = 'Kunde-Passwort-2026!';

/** A fresh identity per run, so the test can run again on the same database. */
function unique(prefix: string) {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const domain = `${prefix}-${run}.example`;
  return {
    run,
    domain,
    accountName: `${prefix[0].toUpperCase()}${prefix.slice(1)} ${run}`,
    customer: `chef@${domain}`,
    users: [`anna@${domain}`, `ben@${domain}`],
  };
}

/** Opens a link in a new, signed-out browser context (the customer's own browser). */
async function openSignedOut(browser: Browser, link: string, locale: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale });
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

/** Set-up through the API: paula requests an account for `id.customer`, who accepts from the mail's token as a new user. */
async function activeCustomerAccount(admin: APIRequestContext, id: ReturnType<typeof unique>): Promise<void> {
  const paula = await apiAs('paula@partner.example');
  try {
    await paula.post('/api/v1/smart-account-requests', {
      account_name: id.accountName,
      domain: id.domain,
      customer_email: id.customer,
      note_to_customer: 'Set-up',
      user_emails: [],
      note_to_users: '',
    });
  } finally {
    await paula.dispose();
  }
  await loginAdmin(admin);
  const link = await linkFromMail(admin, id.customer, ACCEPT_ACCOUNT_LINK);
  const token = decodeURIComponent(link.split('token=')[1]);
  const visitor = await anonymous();
  try {
    const accept = await visitor.post('/api/v1/smart-account-requests/accept', {
      data: { token, name: 'Karl Konto', password: NEW_PASSWORD },
    });
    expect(accept.status(), `accept: ${await accept.text()}`).toBe(200);
  } finally {
    await visitor.dispose();
  }
}

test.describe('seed 003: request a Smart Account for a customer', () => {
  test('in English: paula requests, the customer accepts from the mail, mails go to requester and users', async ({
    page,
    browser,
    request,
  }) => {
    const id = unique('kunde');
    await signIn(page, 'paula@partner.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Smart Accounts' }).click();
    await expect(page.getByRole('heading', { name: 'Smart Accounts', level: 1 })).toBeVisible();
    await page.getByRole('link', { name: 'Request a Smart Account for your customer' }).click();
    await expect(page.getByRole('heading', { name: 'Request a Smart Account for Your Customer', level: 1 })).toBeVisible();

    const identify = page.getByRole('group', { name: 'Identify account name and customer' });
    await identify.getByLabel('Account Name').fill(id.accountName);
    await identify.getByLabel('Customer Email').fill(id.customer);
    await identify.getByLabel('Account Domain').fill(id.domain);
    await identify.getByLabel('Note to Customer').fill('Please accept so that we can deliver your order.');
    const users = page.getByRole('group', { name: 'Add Users to the Account' });
    await users.getByLabel('User Emails').fill(id.users.join('\n'));
    await users.getByLabel('Note to Added Users').fill('Welcome to your Smart Account.');
    await page.getByRole('button', { name: 'Submit Request' }).click();

    const dialog = page.getByRole('dialog', { name: 'Review Request' });
    await expect(dialog).toBeVisible();
    for (const text of [id.accountName, id.customer, id.domain, ...id.users]) await expect(dialog).toContainText(text);
    await dialog.getByRole('button', { name: 'Submit Request' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Smart Account Request Complete' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('90 days');
    await expect(dialog).toHaveCount(0);

    // The customer's mail holds the acceptance link.
    await loginAdmin(request);
    const link = await linkFromMail(request, id.customer, ACCEPT_ACCOUNT_LINK);

    // The customer opens it signed out, creates their user and accepts.
    const customer = await openSignedOut(browser, link, 'en-US');
    try {
      await expect(customer.getByRole('heading', { name: 'Accept a Smart Account', level: 1 })).toBeVisible();
      await expect(customer.getByText(id.domain, { exact: true })).toBeVisible();
      await expect(customer.getByText('Please accept so that we can deliver your order.')).toBeVisible();
      await customer.getByLabel('Your name').fill('Karl Chef');
      await customer.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
      await customer.getByLabel('Confirm password').fill(NEW_PASSWORD);
      await customer.getByRole('button', { name: 'Accept', exact: true }).click();
      await expect(customer.getByText('Smart Account accepted')).toBeVisible();
      await customer.getByRole('link', { name: `Open ${id.accountName}` }).click();
      await expect(customer.getByRole('heading', { name: id.accountName, level: 1 })).toBeVisible();
      await expect(customer.locator('.title-row').getByText('Active')).toBeVisible();
      await expect(customer.getByRole('button', { name: 'Sign out' })).toBeVisible();
    } finally {
      await customer.context().close();
    }

    // The requester is told by mail; the listed users got invitations.
    await expect
      .poll(async () =>
        (await outbox(request, 'paula@partner.example')).some(
          (m) => m.body_text.includes(id.accountName) || m.body_text.includes(id.domain) || m.subject.includes(id.accountName),
        ),
      )
      .toBe(true);
    for (const invitee of id.users) await linkFromMail(request, invitee, ACCEPT_INVITATION_LINK);

    // The same link cannot be used twice.
    const again = await openSignedOut(browser, link, 'en-US');
    try {
      await expect(again.getByRole('alert')).toBeVisible();
      await expect(again.getByRole('button', { name: 'Accept', exact: true })).toHaveCount(0);
    } finally {
      await again.context().close();
    }
  });

  test('in German: jana requests (labels of the seed), the customer accepts in German', async ({ page, browser, request }) => {
    const id = unique('firma');
    await signIn(page, 'jana@kunde.example');
    await page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Smart Accounts' }).click();
    await page.getByRole('link', { name: 'Smart Account für Ihren Kunden anfordern' }).click();
    await expect(page.getByRole('heading', { name: 'Smart Account für Ihren Kunden anfordern', level: 1 })).toBeVisible();

    const identify = page.getByRole('group', { name: 'Identifizieren des Kontonamens und des Kunden' });
    await identify.getByLabel('Kontoname').fill(id.accountName);
    await identify.getByLabel('Kunden-E-Mail').fill(id.customer);
    await identify.getByLabel('Kontodomäne').fill(id.domain);
    await identify.getByLabel('Hinweis für den Kunden').fill('Bitte nehmen Sie den Smart Account an.');
    const users = page.getByRole('group', { name: 'Benutzer zum Konto hinzufügen' });
    await users.getByLabel('Benutzer-E-Mails').fill(id.users.join(', '));
    await users.getByLabel('Hinweis für hinzugefügte Benutzer').fill('Willkommen.');
    await page.getByRole('button', { name: 'Anforderung senden' }).click();

    const dialog = page.getByRole('dialog', { name: 'Antrag prüfen' });
    await expect(dialog).toContainText(id.customer);
    await dialog.getByRole('button', { name: 'Antrag senden' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Smart Account Request Complete' })).toBeVisible();

    await loginAdmin(request);
    const link = await linkFromMail(request, id.customer, ACCEPT_ACCOUNT_LINK);
    const customer = await openSignedOut(browser, link, 'de-DE');
    try {
      await expect(customer.getByRole('heading', { name: 'Smart Account annehmen', level: 1 })).toBeVisible();
      await expect(customer.getByText(id.domain, { exact: true })).toBeVisible();
      await customer.getByLabel('Ihr Name').fill('Klara Kundin');
      await customer.getByLabel('Passwort', { exact: true }).fill(NEW_PASSWORD);
      await customer.getByLabel('Passwort bestätigen').fill(NEW_PASSWORD);
      await customer.getByRole('button', { name: 'Annehmen', exact: true }).click();
      await expect(customer.getByText('Smart Account angenommen')).toBeVisible();
      await customer.getByRole('link', { name: `${id.accountName} öffnen` }).click();
      await expect(customer.getByRole('heading', { name: id.accountName, level: 1 })).toBeVisible();
      await expect(customer.locator('.title-row').getByText('Aktiv')).toBeVisible();
    } finally {
      await customer.context().close();
    }
    await expect
      .poll(async () =>
        (await outbox(request, 'jana@kunde.example')).some(
          (m) => m.body_text.includes(id.accountName) || m.body_text.includes(id.domain) || m.subject.includes(id.accountName),
        ),
      )
      .toBe(true);
    for (const invitee of id.users) await linkFromMail(request, invitee, ACCEPT_INVITATION_LINK);
  });

  test('a second request for a taken domain shows the conflict; declining needs a reason', async ({ page, browser, request }) => {
    const id = unique('zweit');
    const paula = await apiAs('paula@partner.example');
    try {
      await paula.post('/api/v1/smart-account-requests', {
        account_name: id.accountName,
        domain: id.domain,
        customer_email: id.customer,
        note_to_customer: '',
        user_emails: [],
        note_to_users: '',
      });
    } finally {
      await paula.dispose();
    }

    await signIn(page, 'paula@partner.example');
    await page.goto('/smart-accounts/request');
    await page.getByLabel('Account Name').fill(`${id.accountName} bis`);
    await page.getByLabel('Customer Email').fill(id.customer);
    await page.getByLabel('Account Domain').fill(id.domain);
    await page.getByRole('button', { name: 'Submit Request' }).click();
    await page.getByRole('dialog', { name: 'Review Request' }).getByRole('button', { name: 'Submit Request' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('alert')).not.toHaveText('');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByText('Smart Account Request Complete')).toHaveCount(0);

    await loginAdmin(request);
    const link = await linkFromMail(request, id.customer, ACCEPT_ACCOUNT_LINK);
    const customer = await openSignedOut(browser, link, 'en-US');
    try {
      await customer.getByRole('button', { name: 'Decline', exact: true }).click();
      const form = customer.getByRole('form', { name: 'Decline the Smart Account' });
      await form.getByRole('button', { name: 'Decline request' }).click();
      await expect(form.getByText('Tell the requester why you decline.')).toBeVisible();
      await form.getByLabel('Reason').fill('We already have a Smart Account.');
      await form.getByRole('button', { name: 'Decline request' }).click();
      await expect(customer.getByText('Smart Account declined')).toBeVisible();
    } finally {
      await customer.context().close();
    }
  });

  test('an unknown acceptance token is refused', async ({ page }) => {
    await page.goto('/accept-account?token=not-a-real-token');
    await expect(page.getByRole('heading', { name: 'Accept a Smart Account', level: 1 })).toBeVisible();
    await expect(page.getByRole('alert')).toBeVisible();
  });
});

test.describe('Smart Account page', () => {
  test('the new customer adds a Virtual Account and a member and sees the Event Log', async ({ page, request }) => {
    const id = unique('konto');
    await activeCustomerAccount(request, id);
    await signIn(page, id.customer, NEW_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Smart Accounts' }).click();
    await page.getByRole('table', { name: 'Smart Accounts you belong to' }).getByRole('link', { name: id.accountName }).click();
    await expect(page.getByRole('heading', { name: id.accountName, level: 1 })).toBeVisible();

    // Show Counts: a new account has no licenses.
    await page.getByRole('button', { name: 'Show Counts' }).click();
    await expect(page.getByText('This Smart Account has no licenses.').or(page.getByRole('table', { name: 'Licenses by product' }))).toBeVisible();

    // Virtual Accounts tab: DEFAULT exists; add one.
    await expect(page.getByRole('tab', { name: 'Virtual Accounts' })).toHaveAttribute('aria-selected', 'true');
    const vas = page.getByRole('table', { name: 'Virtual Accounts' });
    await expect(vas.getByRole('rowheader', { name: 'DEFAULT' })).toBeVisible();
    const create = page.getByRole('form', { name: 'New Virtual Account' });
    await create.getByLabel('Name').fill('Lab');
    await create.getByLabel('Description').fill('Test devices');
    await create.getByRole('button', { name: 'Create Virtual Account' }).click();
    await expect(page.getByText('Virtual Account “Lab” created.')).toBeVisible();
    await expect(vas.getByRole('rowheader', { name: 'Lab' })).toBeVisible();

    // Users tab: the customer is the administrator; add a VA user (an invitation for an unknown email).
    await page.getByRole('tab', { name: 'Users' }).click();
    const members = page.getByRole('table', { name: 'Members' });
    await expect(members.getByRole('row', { name: new RegExp(id.customer) })).toContainText('Smart Account administrator');
    const add = page.getByRole('form', { name: 'Add a user' });
    await add.getByLabel('Email').fill(`lab@${id.domain}`);
    await add.getByLabel('Role').selectOption('va_user');
    await add.getByLabel('Virtual Account').selectOption({ label: 'Lab' });
    await add.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByText(`An invitation was sent to lab@${id.domain}.`).or(page.getByText(`lab@${id.domain} was added.`))).toBeVisible();
    await expect(page.getByRole('table', { name: 'Pending invitations' }).getByText(`lab@${id.domain}`)).toBeVisible();
    await linkFromMail(request, `lab@${id.domain}`, ACCEPT_INVITATION_LINK);

    // Event Log tab: rows for what just happened, and the CSV export link.
    await page.getByRole('tab', { name: 'Event Log' }).click();
    const events = page.getByRole('table', { name: 'Events, newest first' });
    await expect(events).toBeVisible();
    expect(await events.getByRole('row').count()).toBeGreaterThan(2);
    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    await expect(exportLink).toHaveAttribute('href', /\/events\?format=csv$/);
    const download = page.waitForEvent('download');
    await exportLink.click();
    const file = await download;
    const path = await file.path();
    expect(path).toBeTruthy();
  });

  test('CSV import rejects bad rows without applying any; an invited user accepts from the mail', async ({
    page,
    browser,
    request,
  }) => {
    const id = unique('import');
    await activeCustomerAccount(request, id);
    await signIn(page, id.customer, NEW_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Smart Accounts' }).click();
    await page.getByRole('table', { name: 'Smart Accounts you belong to' }).getByRole('link', { name: id.accountName }).click();
    await page.getByRole('tab', { name: 'Users' }).click();

    const form = page.getByRole('form', { name: 'Import CSV' });
    const csv = page.getByRole('textbox', { name: 'Or paste the CSV' });
    await csv.fill(`email,role,virtual_account\nnot-an-email,sa_user,\nok@${id.domain},sa_viewer,\nboss@${id.domain},boss,\n`);
    await form.getByRole('button', { name: 'Import' }).click();
    const alert = form.getByRole('alert');
    await expect(alert).toContainText('Nothing was imported.');
    await expect(alert.getByRole('listitem')).toHaveCount(2);
    await expect(alert.getByRole('listitem').first()).toContainText('Row 1');
    await expect(alert.getByRole('listitem').nth(1)).toContainText('Row 3');
    const members = page.getByRole('table', { name: 'Members' });
    await expect(page.getByRole('table').getByText(`ok@${id.domain}`)).toHaveCount(0);

    await csv.fill(`email,role,virtual_account\nok@${id.domain},sa_viewer,\nva@${id.domain},va_user,DEFAULT\n`);
    await form.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByText('Import done: 0 added, 2 invited.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Pending invitations' }).getByText(`ok@${id.domain}`)).toBeVisible();

    // The invited user opens the mail's link signed out and joins.
    await loginAdmin(request);
    const link = await linkFromMail(request, `ok@${id.domain}`, ACCEPT_INVITATION_LINK);
    const invitee = await openSignedOut(browser, link, 'en-US');
    try {
      await expect(invitee.getByRole('heading', { name: 'Accept an invitation', level: 1 })).toBeVisible();
      await expect(invitee.getByText('Smart Account viewer')).toBeVisible();
      await invitee.getByLabel('Your name').fill('Olga Ok');
      await invitee.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
      await invitee.getByLabel('Confirm password').fill(NEW_PASSWORD);
      await invitee.getByRole('button', { name: 'Accept invitation' }).click();
      await expect(invitee.getByText(`You are now a member of “${id.accountName}”.`)).toBeVisible();
      await invitee.getByRole('link', { name: `Open ${id.accountName}` }).click();
      await expect(invitee.getByRole('heading', { name: id.accountName, level: 1 })).toBeVisible();
      // A viewer sees no management controls.
      await expect(invitee.getByRole('form', { name: 'New Virtual Account' })).toHaveCount(0);
    } finally {
      await invitee.context().close();
    }
    await page.reload();
    await expect(members.getByRole('row', { name: new RegExp(`ok@${id.domain}`) })).toContainText('Smart Account viewer');
  });
});

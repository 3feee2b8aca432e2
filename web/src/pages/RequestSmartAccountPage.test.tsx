import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { paula, problem, renderApp, signedInServer } from '../test/mockApi';

const created = {
  id: 70,
  status: 'pending',
  smart_account: { id: 700, name: 'Kunde GmbH', domain: 'kunde-gmbh.example', status: 'pending', expires_at: '2027-02-19T10:00:00Z' },
};

async function fillForm(user: ReturnType<typeof userEvent.setup>, labels = {
  accountName: 'Account Name',
  customerEmail: 'Customer Email',
  domain: 'Account Domain',
  noteToCustomer: 'Note to Customer',
  userEmails: 'User Emails',
  noteToUsers: 'Note to Added Users',
}) {
  await user.type(await screen.findByLabelText(labels.accountName), 'Kunde GmbH');
  await user.type(screen.getByLabelText(labels.customerEmail), 'chef@kunde-gmbh.example');
  await user.type(screen.getByLabelText(labels.domain), 'Kunde-GmbH.example');
  await user.type(screen.getByLabelText(labels.noteToCustomer), 'Bitte annehmen.');
  await user.type(screen.getByLabelText(labels.userEmails), 'a@kunde-gmbh.example, b@kunde-gmbh.example{enter}c@kunde-gmbh.example');
  await user.type(screen.getByLabelText(labels.noteToUsers), 'Welcome aboard.');
}

describe('request a Smart Account for a customer (seed 003)', () => {
  it('is reached from the Smart Accounts page', async () => {
    const user = userEvent.setup();
    renderApp(signedInServer(), '/smart-accounts');
    await user.click(await screen.findByRole('link', { name: 'Request a Smart Account for your customer' }));
    expect(await screen.findByRole('heading', { name: 'Request a Smart Account for Your Customer', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/smart-accounts/request');
  });

  it('has the two sections of the seed, a review dialog, and ends with "Smart Account Request Complete"', async () => {
    const user = userEvent.setup();
    const server = signedInServer().on('POST /api/v1/smart-account-requests', { status: 201, body: created });
    renderApp(server, '/smart-accounts/request');
    expect(await screen.findByRole('group', { name: 'Identify account name and customer' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Add Users to the Account' })).toBeInTheDocument();
    expect(screen.getByLabelText('Customer Email')).toHaveAccessibleDescription(
      'Email address of the person who approves the creation of the account.',
    );
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Submit Request' }));

    const dialog = await screen.findByRole('dialog', { name: 'Review Request' });
    expect(within(dialog).getByText('Kunde GmbH')).toBeInTheDocument();
    expect(within(dialog).getByText('chef@kunde-gmbh.example')).toBeInTheDocument();
    expect(within(dialog).getByText('kunde-gmbh.example')).toBeInTheDocument();
    expect(within(dialog).getByText('Bitte annehmen.')).toBeInTheDocument();
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'a@kunde-gmbh.example',
      'b@kunde-gmbh.example',
      'c@kunde-gmbh.example',
    ]);
    expect(within(dialog).getByText('Welcome aboard.')).toBeInTheDocument();
    expect(server.callsTo('POST /api/v1/smart-account-requests')).toHaveLength(0);

    // Back keeps the entries; submitting again reopens the dialog.
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Account Name')).toHaveValue('Kunde GmbH');
    await user.click(screen.getByRole('button', { name: 'Submit Request' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Submit Request' }));

    const notice = (await screen.findByText('Smart Account Request Complete')).closest('[role="status"]');
    expect(notice).not.toBeNull();
    expect(notice).toHaveTextContent('A pending Smart Account “Kunde GmbH” (kunde-gmbh.example) was created.');
    expect(notice).toHaveTextContent('chef@kunde-gmbh.example has received an email and has 90 days');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    const [call] = server.callsTo('POST /api/v1/smart-account-requests');
    expect(call.body).toEqual({
      account_name: 'Kunde GmbH',
      domain: 'kunde-gmbh.example',
      customer_email: 'chef@kunde-gmbh.example',
      note_to_customer: 'Bitte annehmen.',
      user_emails: ['a@kunde-gmbh.example', 'b@kunde-gmbh.example', 'c@kunde-gmbh.example'],
      note_to_users: 'Welcome aboard.',
      customer_locale: 'en',
    });
    expect(call.headers['x-csrf-token']).toBe('csrf-from-me');
  });

  it("asks for the customer's language, the requester's by default, and sends it", async () => {
    const user = userEvent.setup();
    const server = signedInServer().on('POST /api/v1/smart-account-requests', { status: 201, body: created });
    renderApp(server, '/smart-accounts/request');
    const select = await screen.findByLabelText("Customer's Language");
    expect(select).toHaveValue('en');
    expect(select).toHaveAccessibleDescription('The language of every email your customer gets about this request.');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['English', 'Français', 'Deutsch']);
    await fillForm(user);
    await user.selectOptions(select, 'de');
    await user.click(screen.getByRole('button', { name: 'Submit Request' }));
    const dialog = await screen.findByRole('dialog', { name: 'Review Request' });
    expect(within(dialog).getByText('Deutsch')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Submit Request' }));
    await screen.findByText('Smart Account Request Complete');
    expect(server.callsTo('POST /api/v1/smart-account-requests')[0].body).toMatchObject({ customer_locale: 'de' });
  });

  it("shows the server's refusal of the language next to the select", async () => {
    const user = userEvent.setup();
    const server = signedInServer().on('POST /api/v1/smart-account-requests', {
      status: 422,
      body: problem(422, 'validation_failed', 'Some fields are not valid.', [
        { field: 'customer_locale', code: 'invalid_choice', message: 'Choose one of en, fr, de.' },
      ]),
    });
    renderApp(server, '/smart-accounts/request');
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Submit Request' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Submit Request' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByLabelText("Customer's Language")).toHaveAccessibleDescription(
      expect.stringContaining('Choose one of en, fr, de.'),
    );
  });

  it('checks the required fields before opening the review', async () => {
    const user = userEvent.setup();
    renderApp(signedInServer(), '/smart-accounts/request');
    await user.click(await screen.findByRole('button', { name: 'Submit Request' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Account Name')).toHaveAccessibleDescription('This field is required.');
    expect(screen.getByLabelText('Account Name')).toHaveFocus();
    expect(screen.getByLabelText('Account Domain')).toBeInvalid();
    await user.type(screen.getByLabelText('User Emails'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Submit Request' }));
    expect(screen.getByLabelText('User Emails')).toHaveAccessibleDescription(expect.stringContaining('These are not email addresses: not-an-email'));
  });

  it("shows the server's field errors next to their fields after the dialog closes", async () => {
    const user = userEvent.setup();
    const server = signedInServer().on('POST /api/v1/smart-account-requests', {
      status: 422,
      body: problem(422, 'invalid', 'Some fields are invalid.', [
        { field: 'domain', code: 'invalid_domain', message: 'Not a domain name.' },
        { field: 'customer_email', code: 'invalid_email', message: 'Not deliverable.' },
        { field: 'user_emails[1]', code: 'invalid_email', message: 'Unknown mailbox.' },
        { field: 'note_to_users', code: 'too_long', message: 'Too long.' },
      ]),
    });
    renderApp(server, '/smart-accounts/request');
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Submit Request' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Submit Request' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are invalid.');
    expect(screen.getByLabelText('Account Domain')).toHaveAccessibleDescription(expect.stringContaining('Not a domain name.'));
    expect(screen.getByLabelText('Customer Email')).toHaveAccessibleDescription(expect.stringContaining('Not deliverable.'));
    expect(screen.getByLabelText('User Emails')).toHaveAccessibleDescription(
      expect.stringContaining('b@kunde-gmbh.example: Unknown mailbox.'),
    );
    expect(screen.getByLabelText('Note to Added Users')).toHaveAccessibleDescription('Too long.');
    expect(screen.getByLabelText('Account Name')).not.toBeInvalid();
    // Not listed again in the alert: each is next to its field.
    expect(within(screen.getByRole('alert')).queryByText(/Unknown mailbox/)).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Customer Email')).toHaveFocus());
  });

  it('shows the detail of a 409 domain_taken', async () => {
    const user = userEvent.setup();
    renderApp(
      signedInServer().on('POST /api/v1/smart-account-requests', {
        status: 409,
        body: problem(409, 'domain_taken', 'The domain kunde-gmbh.example belongs to the Smart Account "Kunde GmbH".'),
      }),
      '/smart-accounts/request',
    );
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Submit Request' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Submit Request' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The domain kunde-gmbh.example belongs to the Smart Account "Kunde GmbH".',
    );
    expect(screen.queryByText('Smart Account Request Complete')).not.toBeInTheDocument();
  });

  it('speaks German with the labels of the seed', async () => {
    const user = userEvent.setup();
    const server = signedInServer({ ...paula, locale: 'de' }).on('POST /api/v1/smart-account-requests', {
      status: 201,
      body: created,
    });
    renderApp(server, '/smart-accounts/request');
    expect(await screen.findByRole('heading', { name: 'Smart Account für Ihren Kunden anfordern', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Identifizieren des Kontonamens und des Kunden' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Benutzer zum Konto hinzufügen' })).toBeInTheDocument();
    await fillForm(user, {
      accountName: 'Kontoname',
      customerEmail: 'Kunden-E-Mail',
      domain: 'Kontodomäne',
      noteToCustomer: 'Hinweis für den Kunden',
      userEmails: 'Benutzer-E-Mails',
      noteToUsers: 'Hinweis für hinzugefügte Benutzer',
    });
    await user.click(screen.getByRole('button', { name: 'Anforderung senden' }));
    const dialog = await screen.findByRole('dialog', { name: 'Antrag prüfen' });
    await user.click(within(dialog).getByRole('button', { name: 'Antrag senden' }));
    expect(await screen.findByText('Smart Account Request Complete')).toBeInTheDocument();
    expect(server.callsTo('POST /api/v1/smart-account-requests')[0].headers['accept-language']).toBe('de');
    await act(() => i18n.changeLanguage('en'));
  });

  it('closes the review with Escape and returns focus', async () => {
    const user = userEvent.setup();
    renderApp(signedInServer(), '/smart-accounts/request');
    await fillForm(user);
    const submit = screen.getByRole('button', { name: 'Submit Request' });
    await user.click(submit);
    const dialog = await screen.findByRole('dialog', { name: 'Review Request' });
    expect(within(dialog).getByRole('button', { name: 'Submit Request' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(submit).toHaveFocus();
  });
});

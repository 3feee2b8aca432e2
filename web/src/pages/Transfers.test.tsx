import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { EligibleAssets, Me, Transfer, TransferSummary } from '../api/types';
import { problem, renderApp, signedInServer } from '../test/mockApi';

const jana: Me = {
  id: 7,
  email: 'jana@kunde.example',
  name: 'Jana Kunde',
  locale: 'en',
  kind: 'external',
  flags: [],
  memberships: [
    { smart_account_id: 21, smart_account_name: 'Kunde GmbH', role: 'sa_admin' },
    { smart_account_id: 22, smart_account_name: 'Kunde GmbH Berlin', role: 'sa_admin' },
  ],
  disabled: false,
  created_at: '2026-01-01T00:00:00Z',
  totp_enabled: false,
  totp_required: false,
  totp_enrollment_required: false,
  csrf_token: 'csrf-jana',
};

const compliance: Me = { ...jana, id: 9, email: 'compliance@vendor.example', name: 'Cora Compliance', kind: 'internal', flags: ['compliance'], memberships: [] };

const kunde = { id: 21, name: 'Kunde GmbH', domain: 'kunde.example', kind: 'customer', status: 'active' };
const berlin = { id: 22, name: 'Kunde GmbH Berlin', domain: 'kunde-berlin.example', kind: 'customer', status: 'active' };

const eligible: EligibleAssets = {
  licenses: [
    {
      id: 101,
      product: 'C9300-DNA-A-5Y',
      quantity: 30,
      in_use: 0,
      reserved: 0,
      transferable: 30,
      license_type: 'term',
      buying_model: 'transactional',
      ends_at: '2031-01-01T00:00:00Z',
      virtual_account_id: 1,
      virtual_account_name: 'DEFAULT',
      eligible: true,
    },
    {
      id: 102,
      product: 'EA-DNA-SUITE',
      quantity: 100,
      in_use: 0,
      reserved: 0,
      transferable: 0,
      license_type: 'term',
      buying_model: 'enterprise_agreement',
      ends_at: null,
      virtual_account_id: 3,
      virtual_account_name: 'Labor',
      eligible: false,
      reason: 'enterprise_agreement',
    },
  ],
  devices: [
    {
      id: 201,
      name: 'lab-switch-1',
      serial: 'FOC1111',
      product: 'C9300',
      deployment: 'on_prem',
      virtual_account_id: 3,
      virtual_account_name: 'Labor',
      usage: [],
      eligible: false,
      reason: 'on_prem',
    },
    {
      id: 202,
      name: 'cloud-edge-1',
      serial: 'FOC2222',
      product: 'C9300',
      deployment: 'cloud',
      virtual_account_id: 2,
      virtual_account_name: 'Produktion',
      usage: [],
      eligible: true,
    },
  ],
};

/** The Smart Account search of the wizard (the header has an order search too). */
const finder = () => screen.getByRole('search', { name: 'Search Smart Accounts' });

/** The text of every live status message (the location probe is an <output> too). */
const notices = () => screen.getAllByRole('status').map((el) => el.textContent ?? '').join('\n');

function transfer(changes: Partial<Transfer> = {}): Transfer {
  return {
    id: 'AT-2026-000003',
    status: 'awaiting_transferee_consent',
    status_label: 'Submitted – Awaiting Transferee consent',
    source_smart_account: { id: 21, name: 'Kunde GmbH' },
    destination_smart_account: { id: 23, name: 'Client SARL' },
    destination_virtual_account: { id: 9, name: 'DEFAULT' },
    same_legal_entity: false,
    transferee_email: 'luc@client.example',
    justification: 'Reorganisation',
    requester: { name: 'Jana Kunde', phone: '+49 30 1234', company: 'Kunde GmbH' },
    requested_by: 'jana@kunde.example',
    case_number: null,
    created_at: '2026-11-20T09:00:00Z',
    updated_at: '2026-11-20T09:05:00Z',
    assets: [{ kind: 'license', id: 101, product: 'C9300-DNA-A-5Y', name: null, serial: null, quantity: 3, outcome: 'pending', reason: null }],
    history: [
      { status: 'validation_initiated', status_label: 'Validation initiated', at: '2026-11-20T09:00:00Z', actor: 'jana@kunde.example', note: null },
      { status: 'awaiting_transferee_consent', status_label: 'Submitted – Awaiting Transferee consent', at: '2026-11-20T09:05:00Z', actor: 'jana@kunde.example', note: null },
    ],
    allowed_actions: [],
    ...changes,
  };
}

function summary(id: string, status: string, canSubmit = false): TransferSummary {
  return {
    id,
    status,
    source_smart_account: { id: 21, name: 'Kunde GmbH' },
    destination_smart_account: { id: 22, name: 'Kunde GmbH Berlin' },
    created_at: '2026-11-20T09:00:00Z',
    updated_at: '2026-11-20T09:00:00Z',
    asset_count: 1,
    allowed_actions: canSubmit ? ['submit', 'cancel'] : [],
  };
}

function wizardServer() {
  let posts = 0;
  return signedInServer(jana)
    .on('GET /api/v1/smart-accounts', (call) =>
      call.query.get('mine') === 'true'
        ? { body: { items: [{ ...kunde, roles: ['sa_admin'] }, { ...berlin, roles: ['sa_admin'] }], next_cursor: null } }
        : { body: { items: [kunde, berlin], next_cursor: null } },
    )
    .on('GET /api/v1/smart-accounts/21/asset-summary', {
      body: { licenses: [{ product: 'C9300-DNA-A-5Y', purchased: 30, in_use: 0, reserved: 0, available: 30, shortage: 0 }], devices: 4 },
    })
    .on('GET /api/v1/smart-accounts/22/virtual-accounts', {
      body: { items: [{ id: 8, name: 'Standort' }, { id: 9, name: 'DEFAULT' }] },
    })
    .on('GET /api/v1/transfers/eligible-assets', { body: eligible })
    .on('POST /api/v1/transfers', () => {
      posts += 1;
      if (posts === 1) {
        return {
          status: 422,
          body: problem(422, 'validation_failed', 'Some fields are invalid.', [
            { field: 'requester.phone', code: 'invalid', message: 'Enter a phone number with its country code.' },
          ]),
        };
      }
      return { status: 201, body: transfer({ status: 'validation_initiated', same_legal_entity: false }) };
    })
    .on('GET /api/v1/transfers/AT-2026-000003', { body: transfer({ status: 'pending_submission', allowed_actions: ['submit', 'cancel'] }) });
}

describe('Asset Transfer Manager: the list', () => {
  it('shows "Action" only for a transfer Pending Submission, and submits it after explaining', async () => {
    const user = userEvent.setup();
    const s = signedInServer(jana)
      .on('GET /api/v1/transfers', (call) => ({
        body: {
          items:
            call.query.get('role') === 'transferee'
              ? []
              : [
                  summary('AT-2026-000010', 'pending_submission', true),
                  summary('AT-2026-000009', 'transfer_completed'),
                  summary('AT-2026-000008', 'awaiting_transferee_consent'),
                ],
          next_cursor: null,
        },
      }))
      .on('POST /api/v1/transfers/AT-2026-000010/submit', { body: transfer({ id: 'AT-2026-000010', status: 'submitted' }) });
    renderApp(s, '/transfers');
    expect(await screen.findByRole('heading', { name: 'Asset Transfer Manager', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Request Asset Transfer' })).toHaveAttribute('href', '/transfers/new');
    const table = await screen.findByRole('table', { name: 'Transfers you requested' });
    const pending = within(table).getByRole('row', { name: /AT-2026-000010/ });
    expect(pending).toHaveTextContent('Pending Submission');
    expect(within(pending).getByRole('link', { name: 'AT-2026-000010' })).toHaveAttribute('href', '/transfers/AT-2026-000010');
    expect(within(table).getByRole('row', { name: /AT-2026-000009/ })).toHaveTextContent('Transfer Completed');
    expect(within(table).getByRole('row', { name: /AT-2026-000008/ })).toHaveTextContent('Submitted – Awaiting Transferee consent');
    expect(within(table).getAllByRole('button', { name: 'Action' })).toHaveLength(1);
    expect(s.callsTo('GET /api/v1/transfers')[0].query.get('role')).toBe('requester');

    await user.click(within(pending).getByRole('button', { name: 'Action' }));
    const dialog = screen.getByRole('dialog', { name: 'Submit transaction AT-2026-000010' });
    expect(dialog).toHaveTextContent('Submitting starts the transfer');
    await user.click(within(dialog).getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(notices()).toContain('Transaction AT-2026-000010 was submitted.');
    const posts = s.callsTo('POST /api/v1/transfers/AT-2026-000010/submit');
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({});
    expect(posts[0].headers['x-csrf-token']).toBe('csrf-jana');

    await user.click(screen.getByRole('tab', { name: 'Awaiting my consent' }));
    expect(await screen.findByText('No asset transfers to show.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/transfers?role=transferee');
    expect(s.callsTo('GET /api/v1/transfers').at(-1)!.query.get('role')).toBe('transferee');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Pending Submission');
    await waitFor(() => expect(s.callsTo('GET /api/v1/transfers').at(-1)!.query.get('status')).toBe('pending_submission'));
  });
});

describe('Asset Transfer Manager: the request wizard', () => {
  it('walks source, destination, compliance, assets and form, and posts the request as the API wants it', async () => {
    const user = userEvent.setup();
    const s = wizardServer();
    renderApp(s, '/transfers/new');
    expect(await screen.findByRole('heading', { name: 'Request Asset Transfer', level: 1 })).toBeInTheDocument();

    // Source: search by name, Show Counts, choose.
    expect(screen.getByRole('heading', { name: 'Source Smart Account', level: 2 })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Choose the source Smart Account.')).toBeInTheDocument();
    expect(within(finder()).getByRole('combobox', { name: 'Search by' })).toHaveValue('name');
    await user.type(within(finder()).getByRole('searchbox', { name: 'Search' }), 'Kunde');
    await user.click(within(finder()).getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('table', { name: 'Smart Accounts matching “Kunde”' });
    expect(s.callsTo('GET /api/v1/smart-accounts').find((c) => c.query.get('by') === 'name')?.query.get('q')).toBe('Kunde');
    const kundeRow = within(results).getByRole('row', { name: /kunde\.example/ });
    await user.click(within(kundeRow).getByRole('button', { name: 'Show Counts' }));
    const panel = await screen.findByRole('complementary', { name: 'Asset Summary: Kunde GmbH' });
    expect(await within(panel).findByRole('row', { name: /C9300-DNA-A-5Y/ })).toHaveTextContent('30');
    expect(panel).toHaveTextContent('Devices: 4');
    await user.click(screen.getByRole('radio', { name: 'Kunde GmbH' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));

    // Destination: from my Smart Accounts (the source is not offered); DEFAULT preselected.
    expect(await screen.findByRole('heading', { name: 'Destination Smart Account and Virtual Account', level: 2 })).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Kunde GmbH' })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('radio', { name: 'Kunde GmbH Berlin' }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Virtual Account' })).toHaveValue('9'));
    await user.click(screen.getByRole('button', { name: 'Next' }));

    // Compliance: "Select Transferee" only with No, and then required.
    expect(screen.getByRole('heading', { name: 'Compliance Screening Questions', level: 2 })).toBeInTheDocument();
    const question = screen.getByRole('group', { name: 'Are the assets being moved to the same legal entity?' });
    await user.click(within(question).getByRole('radio', { name: /^Yes/ }));
    expect(screen.queryByRole('textbox', { name: 'Select Transferee' })).not.toBeInTheDocument();
    await user.click(within(question).getByRole('radio', { name: /^No/ }));
    const transferee = screen.getByRole('textbox', { name: 'Select Transferee' });
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(transferee).toHaveAccessibleDescription(/This field is required\./);
    expect(screen.getByText('Confirm that the assets go to a different legal entity.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Compliance Screening Questions', level: 2 })).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'I confirm that the assets are being moved to a different legal entity.' }));
    await user.type(transferee, 'luc@client.example');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    // Assets: ineligible rows disabled with their reason; at least one asset.
    expect(screen.getByRole('heading', { name: 'Select Assets', level: 2 })).toBeInTheDocument();
    const licenses = await screen.findByRole('table', { name: 'Licenses' });
    const ea = within(licenses).getByRole('row', { name: /EA-DNA-SUITE/ });
    expect(within(ea).getByRole('checkbox')).toBeDisabled();
    expect(ea).toHaveTextContent('Bought under an Enterprise Agreement');
    const devicesTable = screen.getByRole('table', { name: 'Devices' });
    const onPrem = within(devicesTable).getByRole('row', { name: /lab-switch-1/ });
    expect(within(onPrem).getByRole('checkbox')).toBeDisabled();
    expect(onPrem).toHaveTextContent('On-premises deployment');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Select at least one license or device.')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Transfer C9300-DNA-A-5Y from DEFAULT' }));
    const quantity = screen.getByRole('spinbutton', { name: 'Quantity of C9300-DNA-A-5Y from DEFAULT' });
    expect(quantity).toHaveValue(30);
    await user.clear(quantity);
    await user.type(quantity, '5');
    await user.click(screen.getByRole('checkbox', { name: 'Transfer cloud-edge-1 (FOC2222)' }));
    expect(s.callsTo('GET /api/v1/transfers/eligible-assets')[0].query.get('source_smart_account_id')).toBe('21');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    // Form: required fields and terms; a 422 shows next to its field.
    expect(screen.getByRole('heading', { name: 'Asset Transfer Request Form', level: 2 })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Case number/ })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Requester name' })).toHaveValue('Jana Kunde');
    await user.click(screen.getByRole('button', { name: 'Submit for Review' }));
    expect(screen.getByRole('textbox', { name: 'Business justification' })).toHaveAccessibleDescription('This field is required.');
    expect(screen.getByText('Accept the terms and conditions to submit.')).toBeInTheDocument();
    expect(s.callsTo('POST /api/v1/transfers')).toHaveLength(0);
    await user.type(screen.getByRole('textbox', { name: 'Business justification' }), 'Reorganisation');
    await user.type(screen.getByRole('textbox', { name: 'Phone' }), '030 1234');
    await user.type(screen.getByRole('textbox', { name: 'Company' }), 'Kunde GmbH');
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms and conditions' }));
    await user.click(screen.getByRole('button', { name: 'Submit for Review' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are invalid.');
    expect(screen.getByRole('alert')).not.toHaveTextContent('requester.phone');
    expect(screen.getByRole('textbox', { name: 'Phone' })).toHaveAccessibleDescription('Enter a phone number with its country code.');
    expect(s.callsTo('POST /api/v1/transfers')[0].body).toEqual({
      source_smart_account_id: 21,
      destination_smart_account_id: 22,
      destination_virtual_account_id: 9,
      same_legal_entity: false,
      transferee_email: 'luc@client.example',
      licenses: [{ license_id: 101, quantity: 5 }],
      devices: [202],
      justification: 'Reorganisation',
      requester: { name: 'Jana Kunde', phone: '030 1234', company: 'Kunde GmbH' },
      accept_terms: true,
    });

    await user.clear(screen.getByRole('textbox', { name: 'Phone' }));
    await user.type(screen.getByRole('textbox', { name: 'Phone' }), '+49 30 1234');
    await user.click(screen.getByRole('button', { name: 'Submit for Review' }));
    expect(await screen.findByRole('heading', { name: 'Transaction AT-2026-000003', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/transfers/AT-2026-000003');
    expect(notices()).toContain('Transaction ID: AT-2026-000003');
    expect((s.callsTo('POST /api/v1/transfers')[1].body as { requester: { phone: string } }).requester.phone).toBe('+49 30 1234');
  });

  it('sends same_legal_entity true without a transferee, and shows a quantity error from the server on its row', async () => {
    const user = userEvent.setup();
    const s = wizardServer().on('POST /api/v1/transfers', {
      status: 422,
      body: problem(422, 'validation_failed', 'Some fields are invalid.', [
        { field: 'licenses[0].quantity', code: 'too_many', message: 'Only 2 can be transferred.' },
      ]),
    });
    renderApp(s, '/transfers/new');
    await screen.findByRole('heading', { name: 'Source Smart Account', level: 2 });
    await user.type(within(finder()).getByRole('searchbox', { name: 'Search' }), 'Kunde');
    await user.click(within(finder()).getByRole('button', { name: 'Search' }));
    await user.click(await screen.findByRole('radio', { name: 'Kunde GmbH' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('radio', { name: 'Kunde GmbH Berlin' }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Virtual Account' })).toHaveValue('9'));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('radio', { name: /^Yes/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Transfer C9300-DNA-A-5Y from DEFAULT' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByRole('textbox', { name: 'Business justification' }), 'Same company');
    await user.type(screen.getByRole('textbox', { name: 'Phone' }), '+49 30 1234');
    await user.type(screen.getByRole('textbox', { name: 'Company' }), 'Kunde GmbH');
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms and conditions' }));
    await user.click(screen.getByRole('button', { name: 'Submit for Review' }));

    // Back on the assets step, the error sits next to the quantity it is about.
    expect(await screen.findByRole('heading', { name: 'Select Assets', level: 2 })).toBeInTheDocument();
    expect(screen.getByRole('spinbutton', { name: 'Quantity of C9300-DNA-A-5Y from DEFAULT' })).toHaveAccessibleDescription(
      'Only 2 can be transferred.',
    );
    const body = s.callsTo('POST /api/v1/transfers')[0].body as Record<string, unknown>;
    expect(body.same_legal_entity).toBe(true);
    expect(body).not.toHaveProperty('transferee_email');
    expect(body.licenses).toEqual([{ license_id: 101, quantity: 30 }]);
    expect(body.devices).toEqual([]);
  });
});

describe('Asset Transfer Manager: a transaction', () => {
  it('offers the transferee Approve and Reject only when allowed to consent; rejecting needs a comment', async () => {
    const user = userEvent.setup();
    const s = signedInServer(jana)
      .on('GET /api/v1/transfers/AT-2026-000003', { body: transfer({ allowed_actions: ['consent'] }) })
      .on('POST /api/v1/transfers/AT-2026-000003/consent', { body: transfer({ status: 'cancelled', allowed_actions: [] }) });
    renderApp(s, '/transfers/AT-2026-000003');
    expect(await screen.findByRole('heading', { name: 'Transaction AT-2026-000003', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('luc@client.example')).toBeInTheDocument();
    const assets = screen.getByRole('table', { name: 'Assets in this transaction' });
    expect(within(assets).getByRole('row', { name: /C9300-DNA-A-5Y/ })).toHaveTextContent('Pending');
    const history = screen.getByRole('table', { name: 'Status changes of this transaction' });
    expect(within(history).getAllByRole('row')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Submit' })).not.toBeInTheDocument();

    const consent = screen.getByRole('form', { name: 'Transferee consent' });
    await user.click(within(consent).getByRole('button', { name: 'Reject' }));
    expect(within(consent).getByRole('textbox', { name: 'Comment' })).toHaveAccessibleDescription(
      /Tell the requester why you reject the transfer\./,
    );
    expect(s.callsTo('POST /api/v1/transfers/AT-2026-000003/consent')).toHaveLength(0);
    await user.type(within(consent).getByRole('textbox', { name: 'Comment' }), 'Not agreed with us.');
    await user.click(within(consent).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(notices()).toContain('You rejected transaction AT-2026-000003.'));
    expect(s.callsTo('POST /api/v1/transfers/AT-2026-000003/consent')[0].body).toEqual({
      decision: 'reject',
      comment: 'Not agreed with us.',
    });
    expect(screen.queryByRole('form', { name: 'Transferee consent' })).not.toBeInTheDocument();
    expect(screen.getAllByText('Cancelled').length).toBeGreaterThan(0);
  });

  it('shows no consent buttons unless allowed to consent', async () => {
    renderApp(signedInServer(jana).on('GET /api/v1/transfers/AT-2026-000003', { body: transfer() }), '/transfers/AT-2026-000003');
    expect(await screen.findByRole('heading', { name: 'Transaction AT-2026-000003', level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reject' })).not.toBeInTheDocument();
  });

  it('lets a compliance officer approve, and requires a reason to reject', async () => {
    const user = userEvent.setup();
    const screening = transfer({ status: 'compliance_screening', allowed_actions: ['screen'] });
    const s = signedInServer(compliance)
      .on('GET /api/v1/transfers', { body: { items: [summary('AT-2026-000003', 'compliance_screening')], next_cursor: null } })
      .on('GET /api/v1/transfers/AT-2026-000003', { body: screening })
      .on('POST /api/v1/transfers/AT-2026-000003/screening', { body: transfer({ status: 'transfer_initiated' }) });
    renderApp(s, '/compliance');
    const table = await screen.findByRole('table', { name: 'Transfers waiting for compliance screening' });
    const call = s.callsTo('GET /api/v1/transfers')[0];
    expect(call.query.get('role')).toBe('compliance');
    expect(call.query.get('status')).toBe('compliance_screening');
    await user.click(within(table).getByRole('link', { name: 'AT-2026-000003' }));

    const form = await screen.findByRole('form', { name: 'Compliance screening' });
    await user.click(within(form).getByRole('button', { name: 'Reject' }));
    expect(within(form).getByRole('textbox', { name: 'Reason' })).toHaveAccessibleDescription(
      /Give a reason for rejecting the transfer\./,
    );
    expect(s.callsTo('POST /api/v1/transfers/AT-2026-000003/screening')).toHaveLength(0);
    await user.click(within(form).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(notices()).toContain('Transaction AT-2026-000003 passed compliance screening.'),
    );
    expect(s.callsTo('POST /api/v1/transfers/AT-2026-000003/screening')[0].body).toEqual({ decision: 'approve', reason: '' });
  });

  it('cancels after a confirmation and shows a 409 detail', async () => {
    const user = userEvent.setup();
    const s = signedInServer(jana)
      .on('GET /api/v1/transfers/AT-2026-000003', { body: transfer({ status: 'pending_submission', allowed_actions: ['submit', 'cancel'] }) })
      .on('POST /api/v1/transfers/AT-2026-000003/cancel', {
        status: 409,
        body: problem(409, 'illegal_transition', 'The transaction is Submitted and can no longer be cancelled.'),
      });
    renderApp(s, '/transfers/AT-2026-000003');
    await user.click(await screen.findByRole('button', { name: 'Cancel transfer' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel transfer' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel transfer' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('can no longer be cancelled');
    expect(s.callsTo('POST /api/v1/transfers/AT-2026-000003/cancel')[0].body).toEqual({});
  });
});

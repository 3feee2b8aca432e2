// Types of the entitled HTTP API v1. Every response type the document
// (docs/openapi.json) describes is taken from the generated src/api/schema.d.ts
// (`npm run gen:types`; `npm test` fails when it is stale); only request bodies
// and the responses the document leaves untyped are written here by hand.
// Field names are the wire names.
import type { components, paths } from './schema';

type Schemas = components['schemas'];
/** The JSON body of an operation's 200 answer. */
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'put'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Locale = 'en' | 'fr' | 'de';
export type UserKind = 'external' | 'internal';
export type Flag = 'platform_admin' | 'licensing_support' | 'compliance' | 'order_integration';

export type SmartAccountRole = 'sa_admin' | 'sa_user' | 'sa_viewer' | 'va_admin' | 'va_user' | 'va_viewer';

export type Me = Schemas['Me'];
export type Membership = Me['memberships'][number];

/** The answer to signing in. */
export type LoginResponse = Ok<'/api/v1/auth/login', 'post'>;

/**
 * RFC 9457 problem details. The server always sends type, title and detail;
 * the client also builds one from whatever a proxy answered, so those three
 * may be missing here.
 */
export type Problem = Omit<Schemas['Problem'], 'type' | 'title' | 'detail'> &
  Partial<Pick<Schemas['Problem'], 'type' | 'title' | 'detail'>>;
/** One entry of a problem's `errors` array: the field it names and why. */
export type FieldError = NonNullable<Problem['errors']>[number];

export interface LoginRequest {
  email: string;
  password: string;
  /** The 6-digit code, once the server answered 401 `totp_required`. */
  totp_code?: string;
}


export interface UpdateMeRequest {
  name?: string;
  locale?: Locale;
  password?: string;
  current_password?: string;
}

/** The answer to starting a TOTP enrollment: the new secret, shown once. */
export interface TotpEnrollment {
  /** Base32, no padding. */
  secret: string;
  otpauth_uri: string;
  algorithm: 'SHA1' | string;
  digits: number;
  period: number;
}

export interface DisableTotpRequest {
  current_password: string;
  code: string;
}



export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Order = Schemas['Order'];
export type OrderLine = Schemas['OrderLine'];
export type ExportHold = Order['export_hold'];
/** An order as the list shows it: the order and how many lines it has. */
export type OrderSummary = NonNullable<Ok<'/api/v1/orders', 'get'>['items']>[number];



export type LicenseType = 'perpetual' | 'term';
export type BuyingModel = 'transactional' | 'enterprise_agreement';



export interface AssignmentRequest {
  smart_account_id: Id;
  virtual_account_id: Id;
  line_numbers?: number[];
  accept_terms: boolean;
  case_number?: string;
}

export type DiagnosisCheckName = 'shipped' | 'sa_assigned' | 'sa_active' | 'export_hold' | 'deposited';

export interface DiagnosisCheck {
  check: DiagnosisCheckName | string;
  ok: boolean;
  message: string;
}

export interface DiagnosisLine {
  line_number: number;
  checks: DiagnosisCheck[];
  licenses_at: { smart_account: { id: Id; name: string }; virtual_account: { id: Id; name: string } } | null;
}

export interface Diagnosis {
  lines: DiagnosisLine[];
}

export interface OrderHistoryEntry {
  at: string;
  actor: Actor;
  action: string;
  line_number: number | null;
  details: Record<string, unknown> | null;
  case_number: string | null;
}

export type OutboxStatus = 'queued' | 'sent' | 'failed';

export interface OutboxMail {
  id: string | number;
  to: string;
  subject: string;
  body_text: string;
  status: OutboxStatus | string;
  attempts: number;
  created_at?: string;
  sent_at: string | null;
  locale?: Locale | string;
  /** Why the last attempt failed (SMTP answer), when it did. */
  last_error?: string | null;
}

// --- Smart Accounts --------------------------------------------------------

export type SmartAccountKind = 'customer' | 'holding';
export type SmartAccountStatus = 'pending' | 'active' | 'expired' | 'inactive';
export type Id = string | number;

export type SmartAccountSummary = Schemas['AccountSummary'];
export type SmartAccount = Schemas['SmartAccount'];
export type VirtualAccount = Schemas['VirtualAccount'];
export type LegalEntity = NonNullable<SmartAccount['legal_entity']>;
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];

export interface MemberList {
  items: Member[];
  invitations: Invitation[];
}

export type AddMemberResponse = { member: Member } | { invitation: Invitation };
/** A Smart Account request as its lookup shows it to the customer. */
export type SmartAccountRequestLookup = Schemas['AccountRequest'];





export interface CreateSmartAccountRequest {
  name: string;
  domain: string;
  kind: SmartAccountKind;
  legal_entity: LegalEntity;
}

export type SearchBy = 'domain' | 'name' | 'email';

export interface LicenseCount {
  product: string;
  /** A product has a line per pool: its device licenses and its floating (leased) ones. */
  license_model: LicenseModel;
  purchased: number;
  in_use: number;
  reserved: number;
  available: number;
  shortage?: number;
}

export interface AssetSummary {
  licenses: LicenseCount[];
  devices: number;
}




export interface AddMemberRequest {
  email: string;
  role: SmartAccountRole;
  virtual_account_id?: Id;
}


export interface ImportMembersResponse {
  added: number;
  invited: number;
}

/** Who did something: the server sends a name/email string or a small object. */
export type Actor = string | { id?: Id; email?: string; name?: string } | null;

export interface AccountEvent {
  id: Id;
  at: string;
  actor: Actor;
  action: string;
  target_type: string | null;
  target_id: Id | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  case_number: string | null;
}

export interface EventFilters {
  action?: string;
  from?: string;
  to?: string;
}

export interface SmartAccountRequestInput {
  account_name: string;
  domain: string;
  customer_email: string;
  note_to_customer: string;
  user_emails: string[];
  note_to_users: string;
  /** The language of the mails to the customer; the server defaults to the requester's. */
  customer_locale?: Locale;
  legal_entity?: LegalEntity;
}

export interface SmartAccountRequestCreated {
  id: Id;
  status: 'pending' | string;
  smart_account: { id: Id; name?: string; domain?: string; status: string; expires_at: string | null };
}


export interface AcceptSmartAccountResponse {
  smart_account: { id: Id; name: string; status: string };
  csrf_token?: string;
}

export interface InvitationLookup {
  email: string;
  role: SmartAccountRole | string;
  smart_account: { id: Id; name: string };
  virtual_account: { id: Id; name: string } | null;
  invited_by: Actor;
}

export interface AcceptInvitationResponse {
  smart_account: { id: Id; name: string };
  csrf_token?: string;
}

// --- Support cases (software licensing) ------------------------------------

export type CaseStatus = 'open' | 'waiting' | 'closed';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'waiting', 'closed'];

export type SupportCase = Schemas['Case'];
export type CaseComment = NonNullable<SupportCase['comments']>[number];



export interface CreateCaseRequest {
  category: 'software_licensing';
  subject: string;
  description: string;
  order_number?: string;
  /** An integer: the server refuses a string. */
  smart_account_id?: number;
  transfer_id?: string;
}

// --- Licenses, devices and registration tokens (per Virtual Account) --------



export type Deployment = 'cloud' | 'on_prem';

/** device: consumed by the devices' usage reports; floating: only by leases (SPEC §8). */
export type LicenseModel = Schemas['ProductTotals']['license_model'];
export type LicenseSummaryRow = Schemas['ProductTotals'];
export type LicenseLot = Schemas['License'];
export type Device = Schemas['Device'];
export type DeviceUsage = Device['usage'][number];
export type AuthorizationStatus = NonNullable<Device['authorization_status']>;
/** An active lease: a device holding seats of a floating license. */
export type Lease = Schemas['Lease'];
/** A public key that signs or verifies the documents a licensed product receives. */
export type SigningKey = Schemas['SigningKey'];
export type RegistrationToken = Schemas['RegistrationToken'];
/** The answer to creating a token: the only time the secret is sent. */
export type CreatedRegistrationToken = RegistrationToken & { token: string };



export interface LicenseMoveRequest {
  to_virtual_account_id: Id;
  product: string;
  quantity: number;
  /** Which pool of the product moves; the server's default is device. */
  license_model?: LicenseModel;
}

export interface LicenseMoveResult {
  product: string;
  quantity: number;
  from: LicenseSummaryRow;
  to: LicenseSummaryRow;
}

export type TokenStatus = 'active' | 'expired' | 'revoked' | 'used_up';


export interface CreateTokenRequest {
  description: string;
  expires_in_days: number;
  max_uses: number;
  export_controlled: boolean;
}


// --- Find My License ----------------------------------------------------------

export interface FoundDevice {
  id: Id;
  name: string;
  serial: string;
  product: string;
  deployment: Deployment | string;
  smart_account: { id: Id; name: string };
  virtual_account: { id: Id; name: string };
}

export interface FoundLicense {
  id: Id;
  product: string;
  quantity: number;
  usable: boolean;
  smart_account: { id: Id; name: string };
  virtual_account: { id: Id; name: string };
}

export type FindResult =
  | { kind: 'order'; order: Order; diagnosis?: Diagnosis }
  | { kind: 'license'; license: FoundLicense }
  | { kind: 'device'; device: FoundDevice };

// --- Asset transfers (issue 8) -----------------------------------------------

export const TRANSFER_STATUSES = [
  'validation_initiated',
  'validation_completed',
  'pending_submission',
  'submitted',
  'awaiting_transferee_consent',
  'compliance_screening',
  'compliance_screening_rejected',
  'transfer_initiated',
  'transfer_completed',
  'transfer_completed_with_failure',
  'cancelled',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Statuses the server's background job moves along by itself. */
export const AUTOMATIC_TRANSFER_STATUSES: readonly TransferStatus[] = [
  'validation_initiated',
  'validation_completed',
  'submitted',
  'transfer_initiated',
  'compliance_screening',
];

export type TransferRole = 'requester' | 'transferee' | 'compliance';
export type IneligibleReason = 'enterprise_agreement' | 'on_prem' | 'in_open_transfer' | 'in_use';
export type AssetOutcome = 'pending' | 'moved' | 'failed' | 'released';

export type Transfer = Schemas['Transfer'];
export type TransferAsset = Transfer['assets'][number];
export type TransferHistoryEntry = Transfer['history'][number];
export type TransferRequester = Transfer['requester'];
export type NamedRef = Transfer['source_smart_account'];


export interface EligibleLicense {
  id: Id;
  product: string;
  quantity: number;
  in_use: number;
  reserved: number;
  transferable: number;
  license_type: LicenseType | string;
  buying_model: BuyingModel | string;
  ends_at: string | null;
  virtual_account_id: Id;
  virtual_account_name: string;
  eligible: boolean;
  reason?: IneligibleReason | string | null;
}

export interface EligibleDevice {
  id: Id;
  name: string;
  serial: string;
  product: string;
  deployment: Deployment | string;
  virtual_account_id: Id;
  virtual_account_name: string;
  usage: DeviceUsage[];
  eligible: boolean;
  reason?: IneligibleReason | string | null;
}

export interface EligibleAssets {
  licenses: EligibleLicense[];
  devices: EligibleDevice[];
}


export interface CreateTransferRequest {
  source_smart_account_id: Id;
  destination_smart_account_id: Id;
  destination_virtual_account_id: Id;
  same_legal_entity: boolean;
  transferee_email?: string;
  licenses: { license_id: Id; quantity: number }[];
  devices: Id[];
  justification: string;
  requester: TransferRequester;
  accept_terms: true;
  case_number?: string;
}




export interface TransferSummary {
  id: string;
  status: TransferStatus | string;
  status_label?: string;
  source_smart_account: NamedRef;
  destination_smart_account: NamedRef;
  created_at: string;
  updated_at: string;
  asset_count: number;
  allowed_actions: string[];
}

export type TransferDecision = 'approve' | 'reject';

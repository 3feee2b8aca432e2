// Types of the entitled HTTP API v1 (see shared/API.md). Field names are the
// wire names; only what the UI reads is typed strictly.

export type Locale = 'en' | 'fr' | 'de';
export type UserKind = 'external' | 'internal';
export type Flag = 'platform_admin' | 'licensing_support' | 'compliance' | 'order_integration';

export type SmartAccountRole = 'sa_admin' | 'sa_user' | 'sa_viewer' | 'va_admin' | 'va_user' | 'va_viewer';

export interface Membership {
  smart_account_id: string | number;
  smart_account_name?: string;
  role: SmartAccountRole | string;
  virtual_account_id?: string | number | null;
  virtual_account_name?: string;
}

export interface Me {
  id: string | number;
  email: string;
  name: string;
  locale: Locale;
  kind: UserKind;
  flags: string[];
  memberships: Membership[];
  /** Present when the caller is authenticated by the session cookie. */
  csrf_token?: string;
  /** The user signs in with a TOTP code (RFC 6238) after the password. */
  totp_enabled?: boolean;
  /** Policy requires a second factor for this user (it cannot be turned off). */
  totp_required?: boolean;
  /**
   * Required but not yet set up: this session may only enroll (GET /me, the
   * /me/totp endpoints, sign-out); every other call answers 403
   * `totp_enrollment_required`.
   */
  totp_enrollment_required?: boolean;
}

export interface LoginRequest {
  email: string;
  password: string;
  /** The 6-digit code, once the server answered 401 `totp_required`. */
  totp_code?: string;
}

export interface LoginResponse {
  user: Me;
  csrf_token: string;
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

/** One entry of a problem's `errors` array: the field it names and why. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  request_id?: string;
  errors?: FieldError[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface ExportHold {
  on: boolean;
  reason: string | null;
}

export interface OrderSummary {
  sales_order_number: string;
  web_order_number?: string;
  purchaser_name?: string;
  end_customer_name?: string;
  sa_hold?: boolean;
  export_hold?: ExportHold;
  lines_count?: number;
  created_at?: string;
}

export type LicenseType = 'perpetual' | 'term';
export type BuyingModel = 'transactional' | 'enterprise_agreement';

export interface OrderLine {
  line_number: number;
  sku: string;
  description: string;
  quantity: number;
  license_type: LicenseType | string;
  term_months: number | null;
  buying_model: BuyingModel | string;
  smart_enabled: boolean;
  shipped_at: string | null;
  smart_account: { id: Id; name: string; domain: string; kind: string; status: string } | null;
  virtual_account: { id: Id; name: string } | null;
  sa_hold: boolean;
  /** The line's own export hold: a flag, or the order's {on, reason}. */
  export_hold: boolean | ExportHold;
  deposited: boolean;
  deposited_at: string | null;
}

export interface Order {
  sales_order_number: string;
  web_order_number: string;
  purchaser_name: string;
  end_customer_name: string;
  contacts: string[];
  created_at: string;
  sa_hold: boolean;
  export_hold: ExportHold;
  can_assign: boolean;
  lines: OrderLine[];
}

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

export interface SmartAccountSummary {
  id: Id;
  name: string;
  domain: string;
  kind: SmartAccountKind | string;
  status: SmartAccountStatus | string;
  /** Only in `?mine=true` answers: the caller's roles in the account. */
  roles?: string[];
}

export interface LegalEntity {
  name: string;
  country: string;
}

export interface VirtualAccount {
  id: Id;
  name: string;
  description: string;
  created_at?: string;
  /** What the caller may do here: view_assets, manage_assets, rename, delete (server-decided). */
  allowed_actions?: string[];
}

export interface SmartAccount {
  id: Id;
  name: string;
  domain: string;
  kind: SmartAccountKind | string;
  status: SmartAccountStatus | string;
  legal_entity: LegalEntity | null;
  created_at: string;
  activated_at: string | null;
  expires_at: string | null;
  virtual_accounts: VirtualAccount[];
  my_roles: string[];
  /** What the caller may do in the account: manage_virtual_accounts, manage_members, … (server-decided). */
  allowed_actions?: string[];
}

export interface CreateSmartAccountRequest {
  name: string;
  domain: string;
  kind: SmartAccountKind;
  legal_entity: LegalEntity;
}

export type SearchBy = 'domain' | 'name' | 'email';

export interface LicenseCount {
  product: string;
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

export interface Member {
  user_id: Id;
  email: string;
  name: string;
  role: SmartAccountRole | string;
  virtual_account_id: Id | null;
  virtual_account_name: string | null;
}

export interface Invitation {
  id: Id;
  email: string;
  role: SmartAccountRole | string;
  virtual_account_id: Id | null;
  created_at: string;
  expires_at: string;
}

export interface MemberList {
  items: Member[];
  invitations: Invitation[];
}

export interface AddMemberRequest {
  email: string;
  role: SmartAccountRole;
  virtual_account_id?: Id;
}

export type AddMemberResponse = { member: Member } | { invitation: Invitation };

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

export interface SmartAccountRequestLookup {
  id: Id;
  account_name: string;
  domain: string;
  requester: { name: string; email: string } | null;
  note_to_customer: string | null;
  customer_email: string;
  customer_has_account: boolean;
  status: 'pending' | 'accepted' | 'declined' | 'expired' | string;
  expires_at: string | null;
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

export interface CaseComment {
  id: Id;
  author: Actor;
  author_is_support: boolean;
  body: string;
  created_at: string;
}

export interface SupportCase {
  id: Id;
  number: string;
  category: 'software_licensing' | string;
  subject: string;
  description: string;
  status: CaseStatus | string;
  order_number: string | null;
  smart_account: { id: Id; name: string } | null;
  transfer_id: Id | null;
  opened_by: { name: string; email: string } | null;
  created_at: string;
  updated_at: string;
  comments?: CaseComment[];
}

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

export interface LicenseSummaryRow {
  virtual_account_id: Id;
  virtual_account_name: string;
  product: string;
  purchased: number;
  in_use: number;
  reserved: number;
  available: number;
  shortage: number;
}

export interface LicenseLot {
  id: Id;
  product: string;
  quantity: number;
  in_use: number;
  reserved: number;
  available: number;
  license_type: LicenseType | string;
  buying_model: BuyingModel | string;
  starts_at: string | null;
  ends_at: string | null;
  expired: boolean;
  usable: boolean;
  source: { order: string; line_number: number } | null;
  virtual_account_id: Id;
  virtual_account_name: string;
}

export type Deployment = 'cloud' | 'on_prem';

export interface DeviceUsage {
  product: string;
  count: number;
}

export interface Device {
  id: Id;
  name: string;
  serial: string;
  product: string;
  deployment: Deployment | string;
  virtual_account_id: Id;
  virtual_account_name: string;
  usage: DeviceUsage[];
  registered_at: string;
  last_seen_at: string | null;
  export_controlled: boolean;
}

export interface LicenseMoveRequest {
  to_virtual_account_id: Id;
  product: string;
  quantity: number;
}

export interface LicenseMoveResult {
  product: string;
  quantity: number;
  from: LicenseSummaryRow;
  to: LicenseSummaryRow;
}

export type TokenStatus = 'active' | 'expired' | 'revoked' | 'used_up';

export interface RegistrationToken {
  id: Id;
  description: string;
  virtual_account_id: Id;
  export_controlled: boolean;
  max_uses: number;
  uses: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  status: TokenStatus | string;
}

export interface CreateTokenRequest {
  description: string;
  expires_in_days: number;
  max_uses: number;
  export_controlled: boolean;
}

/** The answer to creating a token: the only time the secret is sent. */
export interface CreatedRegistrationToken extends RegistrationToken {
  token: string;
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

export interface NamedRef {
  id: Id;
  name: string;
}

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

export interface TransferRequester {
  name: string;
  phone: string;
  company: string;
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

export interface TransferAsset {
  kind: 'license' | 'device' | string;
  id: Id;
  product: string;
  name: string | null;
  serial: string | null;
  quantity: number;
  outcome: AssetOutcome | string;
  reason: string | null;
}

export interface TransferHistoryEntry {
  status: TransferStatus | string;
  status_label?: string;
  at: string;
  actor: Actor;
  note: string | null;
}

export interface Transfer {
  id: string;
  status: TransferStatus | string;
  status_label?: string;
  source_smart_account: NamedRef;
  destination_smart_account: NamedRef;
  destination_virtual_account: NamedRef;
  same_legal_entity: boolean;
  transferee_email: string | null;
  justification: string;
  requester: TransferRequester;
  requested_by: Actor;
  case_number: string | null;
  created_at: string;
  updated_at: string;
  assets: TransferAsset[];
  history: TransferHistoryEntry[];
  /** What the caller may do: submit, cancel, consent, screen (server-decided). */
  allowed_actions: string[];
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

import { ApiError } from './errors';
import type {
  AcceptInvitationResponse,
  AcceptSmartAccountResponse,
  AccountEvent,
  AddMemberRequest,
  AddMemberResponse,
  AssetSummary,
  CreatedRegistrationToken,
  CreateTokenRequest,
  Device,
  DisableTotpRequest,
  Lease,
  SigningKey,
  FindResult,
  LicenseLot,
  LicenseMoveRequest,
  LicenseMoveResult,
  LicenseSummaryRow,
  RegistrationToken,
  CreateSmartAccountRequest,
  EventFilters,
  Id,
  ImportMembersResponse,
  InvitationLookup,
  LoginRequest,
  LoginResponse,
  Me,
  AssignmentRequest,
  CaseComment,
  CaseStatus,
  CreateCaseRequest,
  SupportCase,
  Diagnosis,
  Order,
  OrderHistoryEntry,
  OrderSummary,
  OutboxMail,
  Page,
  Problem,
  SearchBy,
  SmartAccount,
  SmartAccountRequestCreated,
  SmartAccountRequestInput,
  SmartAccountRequestLookup,
  SmartAccountSummary,
  MemberList,
  TotpEnrollment,
  UpdateMeRequest,
  VirtualAccount,
  CreateTransferRequest,
  EligibleAssets,
  Transfer,
  TransferDecision,
  TransferRole,
  TransferSummary,
} from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const UNSAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  /** A body sent as is (not JSON), with its Content-Type, e.g. a CSV file. */
  rawBody?: { contentType: string; text: string };
  query?: Record<string, string | number | boolean | null | undefined>;
  /**
   * Do not report a 401 to the session (sign-in and sign-out answer 401 for
   * reasons that are not an expired session).
   */
  ignoreUnauthorized?: boolean;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The UI language, sent as Accept-Language so the server localizes messages. */
  getLanguage?: () => string;
  /** Called for every 401 answer unless the request opted out. */
  onUnauthorized?: (error: ApiError) => void;
}

/**
 * The typed client for /api/v1. Sends cookies (same origin), the CSRF token on
 * every unsafe method, and Accept-Language on every request; turns every
 * non-2xx answer into an ApiError carrying the problem+json body.
 */
export class ApiClient {
  private csrfToken: string | null = null;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  getLanguage: () => string;
  onUnauthorized: ((error: ApiError) => void) | null;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.getLanguage = options.getLanguage ?? (() => 'en');
    this.onUnauthorized = options.onUnauthorized ?? null;
  }

  setCsrfToken(token: string | null | undefined): void {
    this.csrfToken = token ?? null;
  }

  getCsrfToken(): string | null {
    return this.csrfToken;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': this.getLanguage(),
    };
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      headers['Content-Type'] = options.rawBody.contentType;
      body = options.rawBody.text;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (UNSAFE_METHODS.has(method) && this.csrfToken) {
      headers['X-CSRF-Token'] = this.csrfToken;
    }

    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path + queryString(options.query), {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError(0, 'network', null);
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      if (!text) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ApiError(response.status, 'invalid_response', null);
      }
    }

    const problem = await readProblem(response);
    const error = new ApiError(
      response.status,
      problem?.code ?? `http_${response.status}`,
      problem,
      parseRetryAfter(response.headers.get('Retry-After')),
    );
    if (response.status === 401 && !options.ignoreUnauthorized) this.onUnauthorized?.(error);
    throw error;
  }

  // --- Sessions -----------------------------------------------------------

  async login(credentials: LoginRequest): Promise<LoginResponse> {
    const result = await this.request<LoginResponse>('/api/v1/auth/login', {
      method: 'POST',
      body: credentials,
      ignoreUnauthorized: true,
    });
    this.setCsrfToken(result.csrf_token ?? result.user?.csrf_token);
    return result;
  }

  async logout(): Promise<void> {
    try {
      await this.request<void>('/api/v1/auth/logout', { method: 'POST', ignoreUnauthorized: true });
    } finally {
      this.setCsrfToken(null);
    }
  }

  /** The signed-in user. Pass ignoreUnauthorized when probing for a session. */
  async me(options: { ignoreUnauthorized?: boolean; signal?: AbortSignal } = {}): Promise<Me> {
    const me = await this.request<Me>('/api/v1/me', options);
    if (me.csrf_token) this.setCsrfToken(me.csrf_token);
    return me;
  }

  async updateMe(changes: UpdateMeRequest): Promise<Me> {
    const me = await this.request<Me>('/api/v1/me', { method: 'PATCH', body: changes });
    if (me.csrf_token) this.setCsrfToken(me.csrf_token);
    return me;
  }

  // --- Two-factor authentication (TOTP) --------------------------------------

  /** Starts (or restarts) enrollment with a new secret; nothing changes until confirmTotp. */
  startTotpEnrollment(currentPassword: string) {
    return this.request<TotpEnrollment>('/api/v1/me/totp', {
      method: 'POST',
      body: { current_password: currentPassword },
    });
  }

  /** Turns TOTP on with a code from the new secret; answers the updated user. */
  async confirmTotp(code: string): Promise<Me> {
    const me = await this.request<Me>('/api/v1/me/totp/confirm', { method: 'POST', body: { code } });
    if (me.csrf_token) this.setCsrfToken(me.csrf_token);
    return me;
  }

  async disableTotp(input: DisableTotpRequest): Promise<Me> {
    const me = await this.request<Me>('/api/v1/me/totp/disable', { method: 'POST', body: input });
    if (me.csrf_token) this.setCsrfToken(me.csrf_token);
    return me;
  }

  // --- Smart Accounts ------------------------------------------------------

  listMySmartAccounts(signal?: AbortSignal) {
    return this.request<Page<SmartAccountSummary>>('/api/v1/smart-accounts', { query: { mine: true }, signal });
  }

  searchSmartAccounts(query: { by: SearchBy; q: string; limit?: number; cursor?: string }, signal?: AbortSignal) {
    return this.request<Page<SmartAccountSummary>>('/api/v1/smart-accounts', { query, signal });
  }

  createSmartAccount(input: CreateSmartAccountRequest) {
    return this.request<SmartAccount>('/api/v1/smart-accounts', { method: 'POST', body: input });
  }

  getSmartAccount(id: Id, signal?: AbortSignal) {
    return this.request<SmartAccount>(`/api/v1/smart-accounts/${enc(id)}`, { signal });
  }

  getAssetSummary(id: Id, signal?: AbortSignal) {
    return this.request<AssetSummary>(`/api/v1/smart-accounts/${enc(id)}/asset-summary`, { signal });
  }

  listVirtualAccounts(id: Id, signal?: AbortSignal) {
    return this.request<{ items: VirtualAccount[] }>(`/api/v1/smart-accounts/${enc(id)}/virtual-accounts`, { signal });
  }

  createVirtualAccount(id: Id, input: { name: string; description: string }) {
    return this.request<VirtualAccount>(`/api/v1/smart-accounts/${enc(id)}/virtual-accounts`, {
      method: 'POST',
      body: input,
    });
  }

  updateVirtualAccount(id: Id, changes: { name?: string; description?: string }) {
    return this.request<VirtualAccount>(`/api/v1/virtual-accounts/${enc(id)}`, { method: 'PATCH', body: changes });
  }

  deleteVirtualAccount(id: Id) {
    return this.request<void>(`/api/v1/virtual-accounts/${enc(id)}`, { method: 'DELETE' });
  }

  listMembers(id: Id, signal?: AbortSignal) {
    return this.request<MemberList>(`/api/v1/smart-accounts/${enc(id)}/members`, { signal });
  }

  addMember(id: Id, input: AddMemberRequest) {
    return this.request<AddMemberResponse>(`/api/v1/smart-accounts/${enc(id)}/members`, { method: 'POST', body: input });
  }

  removeMember(id: Id, userId: Id) {
    return this.request<void>(`/api/v1/smart-accounts/${enc(id)}/members/${enc(userId)}`, { method: 'DELETE' });
  }

  importMembers(id: Id, csv: string) {
    return this.request<ImportMembersResponse>(`/api/v1/smart-accounts/${enc(id)}/members/import`, {
      method: 'POST',
      rawBody: { contentType: 'text/csv', text: csv },
    });
  }

  listEvents(id: Id, query: EventFilters & { limit?: number; cursor?: string } = {}, signal?: AbortSignal) {
    return this.request<Page<AccountEvent>>(`/api/v1/smart-accounts/${enc(id)}/events`, { query: { ...query }, signal });
  }

  /** The address of the event log as a CSV file (a download link, not a fetch). */
  eventsCsvUrl(id: Id, filters: EventFilters = {}): string {
    const qs = queryString({ ...filters, format: 'csv' });
    return `${this.baseUrl}/api/v1/smart-accounts/${enc(id)}/events${qs}`;
  }

  // --- Licenses, devices and registration tokens (issue 7) -------------------

  getLicenseSummary(id: Id, query: { virtual_account_id?: Id } = {}, signal?: AbortSignal) {
    return this.request<Page<LicenseSummaryRow>>(`/api/v1/smart-accounts/${enc(id)}/license-summary`, {
      query: { ...query },
      signal,
    });
  }

  listLicenses(
    id: Id,
    query: { virtual_account_id?: Id; product?: string; limit?: number; cursor?: string } = {},
    signal?: AbortSignal,
  ) {
    return this.request<Page<LicenseLot>>(`/api/v1/smart-accounts/${enc(id)}/licenses`, { query: { ...query }, signal });
  }

  /** The address of the license lots as a CSV file (a download link). */
  licensesCsvUrl(id: Id, virtualAccountId?: Id): string {
    const qs = queryString({ virtual_account_id: virtualAccountId, format: 'csv' });
    return `${this.baseUrl}/api/v1/smart-accounts/${enc(id)}/licenses${qs}`;
  }

  listDevices(
    id: Id,
    query: { virtual_account_id?: Id; q?: string; limit?: number; cursor?: string } = {},
    signal?: AbortSignal,
  ) {
    return this.request<Page<Device>>(`/api/v1/smart-accounts/${enc(id)}/devices`, { query: { ...query }, signal });
  }

  /** The address of the devices as a CSV file (a download link). */
  devicesCsvUrl(id: Id, virtualAccountId?: Id): string {
    const qs = queryString({ virtual_account_id: virtualAccountId, format: 'csv' });
    return `${this.baseUrl}/api/v1/smart-accounts/${enc(id)}/devices${qs}`;
  }

  /** Active leases of the account's floating licenses (who holds seats, since when). */
  listLeases(id: Id, query: { virtual_account_id?: Id; limit?: number; cursor?: string } = {}, signal?: AbortSignal) {
    return this.request<Page<Lease>>(`/api/v1/smart-accounts/${enc(id)}/leases`, { query: { ...query }, signal });
  }

  /** The public keys licensed products verify signed documents with; newest first, the first not retired signs. */
  listSigningKeys(signal?: AbortSignal) {
    return this.request<{ keys: SigningKey[] }>('/api/v1/licensing/keys', { signal });
  }

  deleteDevice(id: Id) {
    return this.request<void>(`/api/v1/devices/${enc(id)}`, { method: 'DELETE' });
  }

  moveLicenses(virtualAccountId: Id, input: LicenseMoveRequest) {
    return this.request<LicenseMoveResult>(`/api/v1/virtual-accounts/${enc(virtualAccountId)}/license-moves`, {
      method: 'POST',
      body: input,
    });
  }

  listTokens(virtualAccountId: Id, signal?: AbortSignal) {
    return this.request<Page<RegistrationToken>>(`/api/v1/virtual-accounts/${enc(virtualAccountId)}/tokens`, { signal });
  }

  createToken(virtualAccountId: Id, input: CreateTokenRequest) {
    return this.request<CreatedRegistrationToken>(`/api/v1/virtual-accounts/${enc(virtualAccountId)}/tokens`, {
      method: 'POST',
      body: input,
    });
  }

  revokeToken(virtualAccountId: Id, tokenId: Id) {
    return this.request<void>(`/api/v1/virtual-accounts/${enc(virtualAccountId)}/tokens/${enc(tokenId)}`, {
      method: 'DELETE',
    });
  }

  /** Find My License: an order number, a license id or a device serial → where it is. */
  find(q: string, signal?: AbortSignal) {
    return this.request<FindResult>('/api/v1/find', { query: { q }, signal });
  }

  // --- Smart Account requests (seed 003) and invitations -------------------

  requestSmartAccount(input: SmartAccountRequestInput) {
    return this.request<SmartAccountRequestCreated>('/api/v1/smart-account-requests', { method: 'POST', body: input });
  }

  lookupSmartAccountRequest(token: string) {
    return this.request<SmartAccountRequestLookup>('/api/v1/smart-account-requests/lookup', {
      method: 'POST',
      body: { token },
      ignoreUnauthorized: true,
    });
  }

  /** Accepts; when name and password are given the server creates the user and signs them in. */
  async acceptSmartAccountRequest(input: { token: string; name?: string; password?: string }) {
    const result = await this.request<AcceptSmartAccountResponse>('/api/v1/smart-account-requests/accept', {
      method: 'POST',
      body: input,
      ignoreUnauthorized: true,
    });
    if (result?.csrf_token) this.setCsrfToken(result.csrf_token);
    return result;
  }

  declineSmartAccountRequest(input: { token: string; reason: string }) {
    return this.request<{ status: string }>('/api/v1/smart-account-requests/decline', {
      method: 'POST',
      body: input,
      ignoreUnauthorized: true,
    });
  }

  lookupInvitation(token: string) {
    return this.request<InvitationLookup>('/api/v1/invitations/lookup', {
      method: 'POST',
      body: { token },
      ignoreUnauthorized: true,
    });
  }

  async acceptInvitation(input: { token: string; name?: string; password?: string }) {
    const result = await this.request<AcceptInvitationResponse>('/api/v1/invitations/accept', {
      method: 'POST',
      body: input,
      ignoreUnauthorized: true,
    });
    if (result?.csrf_token) this.setCsrfToken(result.csrf_token);
    return result;
  }

  // --- Orders -------------------------------------------------------------

  listOrders(query: { q?: string; sa_hold?: boolean; limit?: number; cursor?: string } = {}, signal?: AbortSignal) {
    return this.request<Page<OrderSummary>>('/api/v1/orders', { query, signal });
  }

  /** An order by its Sales Order or Web Order number. */
  getOrder(number: string, signal?: AbortSignal) {
    return this.request<Order>(`/api/v1/orders/${enc(number)}`, { signal });
  }

  assignOrder(number: string, input: AssignmentRequest) {
    return this.request<Order>(`/api/v1/orders/${enc(number)}/assignments`, { method: 'POST', body: input });
  }

  getOrderDiagnosis(number: string, signal?: AbortSignal) {
    return this.request<Diagnosis>(`/api/v1/orders/${enc(number)}/diagnosis`, { signal });
  }

  getOrderHistory(number: string, signal?: AbortSignal) {
    return this.request<{ items: OrderHistoryEntry[] }>(`/api/v1/orders/${enc(number)}/history`, { signal });
  }

  /** The Virtual Accounts an order can be assigned to: names only, for any signed-in user. */
  listAssignableVirtualAccounts(smartAccountId: Id, signal?: AbortSignal) {
    return this.request<{ items: { id: Id; name: string }[] }>(
      `/api/v1/smart-accounts/${enc(smartAccountId)}/virtual-accounts`,
      { query: { for_assignment: true }, signal },
    );
  }

  // --- Support cases --------------------------------------------------------

  listCases(query: { status?: CaseStatus; order_number?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) {
    return this.request<Page<SupportCase>>('/api/v1/cases', { query, signal });
  }

  getCase(id: Id, signal?: AbortSignal) {
    return this.request<SupportCase>(`/api/v1/cases/${enc(id)}`, { signal });
  }

  createCase(input: CreateCaseRequest) {
    return this.request<SupportCase>('/api/v1/cases', { method: 'POST', body: input });
  }

  addCaseComment(id: Id, body: string) {
    return this.request<CaseComment>(`/api/v1/cases/${enc(id)}/comments`, { method: 'POST', body: { body } });
  }

  updateCaseStatus(id: Id, status: CaseStatus) {
    return this.request<SupportCase>(`/api/v1/cases/${enc(id)}`, { method: 'PATCH', body: { status } });
  }

  // --- Asset transfers (issue 8) ----------------------------------------------

  listTransfers(
    query: { role?: TransferRole; status?: string; limit?: number; cursor?: string } = {},
    signal?: AbortSignal,
  ) {
    return this.request<Page<TransferSummary>>('/api/v1/transfers', { query, signal });
  }

  getTransfer(id: Id, signal?: AbortSignal) {
    return this.request<Transfer>(`/api/v1/transfers/${enc(id)}`, { signal });
  }

  /** The licenses and devices of a source Smart Account, each with whether it may be transferred. */
  getEligibleAssets(sourceSmartAccountId: Id, signal?: AbortSignal) {
    return this.request<EligibleAssets>('/api/v1/transfers/eligible-assets', {
      query: { source_smart_account_id: sourceSmartAccountId },
      signal,
    });
  }

  createTransfer(input: CreateTransferRequest) {
    return this.request<Transfer>('/api/v1/transfers', { method: 'POST', body: input });
  }

  submitTransfer(id: Id) {
    return this.request<Transfer>(`/api/v1/transfers/${enc(id)}/submit`, { method: 'POST', body: {} });
  }

  cancelTransfer(id: Id) {
    return this.request<Transfer>(`/api/v1/transfers/${enc(id)}/cancel`, { method: 'POST', body: {} });
  }

  consentTransfer(id: Id, input: { decision: TransferDecision; comment: string }) {
    return this.request<Transfer>(`/api/v1/transfers/${enc(id)}/consent`, { method: 'POST', body: input });
  }

  screenTransfer(id: Id, input: { decision: TransferDecision; reason: string }) {
    return this.request<Transfer>(`/api/v1/transfers/${enc(id)}/screening`, { method: 'POST', body: input });
  }

  // --- Admin --------------------------------------------------------------

  listOutbox(query: { to?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) {
    return this.request<Page<OutboxMail>>('/api/v1/admin/outbox', { query, signal });
  }
}

function enc(id: Id): string {
  return encodeURIComponent(String(id));
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function readProblem(response: Response): Promise<Problem | null> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    if (parsed && typeof parsed === 'object') {
      return { ...parsed, status: parsed.status ?? response.status, code: parsed.code ?? `http_${response.status}` };
    }
  } catch {
    // Not JSON: a proxy's error page, for example.
  }
  return null;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  return null;
}

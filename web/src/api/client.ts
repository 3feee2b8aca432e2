import { ApiError } from './errors';
import type {
  LoginRequest,
  LoginResponse,
  Me,
  OrderSummary,
  OutboxMail,
  Page,
  Problem,
  UpdateMeRequest,
} from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const UNSAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
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
    if (options.body !== undefined) {
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

  // --- Orders -------------------------------------------------------------

  listOrders(query: { q?: string; sa_hold?: boolean; limit?: number; cursor?: string } = {}, signal?: AbortSignal) {
    return this.request<Page<OrderSummary>>('/api/v1/orders', { query, signal });
  }

  // --- Admin --------------------------------------------------------------

  listOutbox(query: { to?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) {
    return this.request<Page<OutboxMail>>('/api/v1/admin/outbox', { query, signal });
  }
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

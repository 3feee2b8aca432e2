import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { ApiClient } from '../api/client';
import type { Me } from '../api/types';
import { AppProviders, AppRoutes, createQueryClient } from '../App';
import { currentLanguage } from '../i18n';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface MockResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (call: RecordedCall) => MockResponse | Promise<MockResponse>;

/**
 * A fetch stand-in for component tests: routes "METHOD /path" to handlers and
 * records every call. Unknown routes answer 404 problem+json, as the server does.
 */
export class MockServer {
  calls: RecordedCall[] = [];
  private routes = new Map<string, Handler>();

  on(route: string, handler: Handler | MockResponse): this {
    this.routes.set(route, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  callsTo(route: string): RecordedCall[] {
    const [method, path] = route.split(' ');
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init.body === 'string' ? parseBody(init.body) : undefined,
    };
    this.calls.push(call);
    const handler = this.routes.get(`${method} ${url.pathname}`);
    const res = handler
      ? await handler(call)
      : { status: 404, body: problem(404, 'not_found', 'Not found.') };
    const status = res.status ?? 200;
    const isProblem = status >= 400;
    return new Response(status === 204 || res.body === undefined ? null : JSON.stringify(res.body), {
      status,
      headers: {
        'Content-Type': isProblem ? 'application/problem+json' : 'application/json',
        ...res.headers,
      },
    });
  };
}

/** JSON bodies are parsed; others (a CSV upload) are kept as text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function problem(status: number, code: string, detail: string, errors?: { field: string; code: string; message: string }[]) {
  return { type: 'about:blank', title: code, status, code, detail, request_id: 'req-1', ...(errors ? { errors } : {}) };
}

export const paula: Me = {
  id: 5,
  email: 'paula@partner.example',
  name: 'Paula Partner',
  locale: 'en',
  kind: 'external',
  flags: [],
  memberships: [{ smart_account_id: 11, smart_account_name: 'Partner Holding', role: 'sa_admin' }],
  disabled: false,
  created_at: '2026-01-01T00:00:00Z',
  totp_enabled: false,
  totp_required: false,
  totp_enrollment_required: false,
  csrf_token: 'csrf-from-me',
};

export const admin: Me = {
  id: 1,
  email: 'admin@vendor.example',
  name: 'Ada Admin',
  locale: 'en',
  kind: 'internal',
  flags: ['platform_admin'],
  memberships: [],
  disabled: false,
  created_at: '2026-01-01T00:00:00Z',
  totp_enabled: false,
  totp_required: false,
  totp_enrollment_required: false,
  csrf_token: 'csrf-admin',
};

/** A server where `user` is signed in (GET /me answers 200). */
export function signedInServer(user: Me = paula): MockServer {
  return new MockServer()
    .on('GET /api/v1/me', { body: user })
    .on('GET /api/v1/orders', { status: 404, body: problem(404, 'not_found', 'Not found.') });
}

/** A server with no session; POST /auth/login accepts `user` with password "right". */
export function signedOutServer(user: Me = paula): MockServer {
  let signedIn = false;
  return new MockServer()
    .on('GET /api/v1/me', () =>
      signedIn ? { body: user } : { status: 401, body: problem(401, 'unauthenticated', 'Sign in first.') },
    )
    .on('POST /api/v1/auth/login', (call) => {
      const { email, password } = call.body as { email: string; password: string };
      if (email === user.email && password === 'right') {
        signedIn = true;
        const { csrf_token: _ignored, ...rest } = user;
        return { body: { user: rest, csrf_token: 'csrf-from-login' } };
      }
      return { status: 401, body: problem(401, 'invalid_credentials', 'The email or password is wrong.') };
    })
    .on('GET /api/v1/orders', { status: 404, body: problem(404, 'not_found', 'Not found.') });
}

function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location">
      {location.pathname}
      {location.search}
    </output>
  );
}

/** Renders the whole app at `path` against a mock server. */
export function renderApp(server: MockServer, path = '/') {
  const api = new ApiClient({ fetch: server.fetch as typeof fetch, getLanguage: currentLanguage });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  const result = render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AppProviders api={api} queryClient={queryClient}>
        <AppRoutes />
        <Routes>
          <Route path="*" element={<LocationProbe />} />
        </Routes>
      </AppProviders>
    </MemoryRouter>,
  );
  return { ...result, api, queryClient };
}

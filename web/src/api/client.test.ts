import { describe, expect, it, vi } from 'vitest';
import { MockServer, problem } from '../test/mockApi';
import { ApiClient } from './client';
import { ApiError, fieldErrorMap } from './errors';

function client(server: MockServer, language = 'fr') {
  const onUnauthorized = vi.fn();
  const api = new ApiClient({ fetch: server.fetch as typeof fetch, getLanguage: () => language, onUnauthorized });
  return { api, onUnauthorized };
}

describe('ApiClient', () => {
  it('sends Accept-Language with the UI language on every request', async () => {
    const server = new MockServer().on('GET /api/v1/me', { body: { id: 1 } });
    const { api } = client(server, 'de');
    await api.me();
    expect(server.calls[0].headers['accept-language']).toBe('de');
  });

  it('sends X-CSRF-Token on POST, PUT, PATCH and DELETE but not on GET', async () => {
    const server = new MockServer()
      .on('POST /api/v1/auth/login', { body: { user: { id: 1 }, csrf_token: 'tok-1' } })
      .on('GET /api/v1/x', { body: {} })
      .on('POST /api/v1/x', { body: {} })
      .on('PUT /api/v1/x', { body: {} })
      .on('PATCH /api/v1/x', { body: {} })
      .on('DELETE /api/v1/x', { status: 204 });
    const { api } = client(server);
    await api.login({ email: 'a@b.c', password: 'x' });
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      await api.request('/api/v1/x', { method, body: method === 'GET' ? undefined : {} });
    }
    const tokens = server.calls.slice(1).map((c) => [c.method, c.headers['x-csrf-token']]);
    expect(tokens).toEqual([
      ['GET', undefined],
      ['POST', 'tok-1'],
      ['PUT', 'tok-1'],
      ['PATCH', 'tok-1'],
      ['DELETE', 'tok-1'],
    ]);
  });

  it('takes the CSRF token from GET /me after a reload', async () => {
    const server = new MockServer()
      .on('GET /api/v1/me', { body: { id: 1, csrf_token: 'from-me' } })
      .on('PATCH /api/v1/me', { body: { id: 1 } });
    const { api } = client(server);
    await api.me();
    await api.updateMe({ locale: 'de' });
    expect(server.callsTo('PATCH /api/v1/me')[0].headers['x-csrf-token']).toBe('from-me');
    expect(server.callsTo('PATCH /api/v1/me')[0].body).toEqual({ locale: 'de' });
  });

  it('turns problem+json into an ApiError with code, detail and field errors', async () => {
    const server = new MockServer().on('POST /api/v1/users', {
      status: 422,
      body: problem(422, 'invalid', 'Some fields are invalid.', [
        { field: 'email', code: 'invalid_email', message: 'Not an email address.' },
      ]),
    });
    const { api } = client(server);
    const error = (await api.request('/api/v1/users', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError & { problem: { detail: string } };
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe('invalid');
    expect(error.problem.detail).toBe('Some fields are invalid.');
    expect(fieldErrorMap(error)).toEqual({ email: 'Not an email address.' });
  });

  it('reports a 401 to the session, but not for sign-in or sign-out', async () => {
    const unauthorized = { status: 401, body: problem(401, 'session_expired', 'Expired.') };
    const server = new MockServer()
      .on('GET /api/v1/me', unauthorized)
      .on('POST /api/v1/auth/login', { status: 401, body: problem(401, 'invalid_credentials', 'Wrong.') })
      .on('POST /api/v1/auth/logout', unauthorized);
    const { api, onUnauthorized } = client(server);
    await expect(api.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(api.logout()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(api.me()).rejects.toMatchObject({ code: 'session_expired' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reads Retry-After on 429', async () => {
    const server = new MockServer().on('POST /api/v1/auth/login', {
      status: 429,
      body: problem(429, 'rate_limited', 'Too many.'),
      headers: { 'Retry-After': '30' },
    });
    const { api } = client(server);
    await expect(api.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfter: 30,
    });
  });

  it('reports a network failure as status 0', async () => {
    const api = new ApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(api.me()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('encodes list filters as a query string and leaves out empty ones', async () => {
    const server = new MockServer().on('GET /api/v1/admin/outbox', { body: { items: [], next_cursor: null } });
    const { api } = client(server);
    await api.listOutbox({ to: 'jana@kunde.example', cursor: undefined });
    expect(server.calls[0].query.get('to')).toBe('jana@kunde.example');
    expect(server.calls[0].query.has('cursor')).toBe(false);
  });
});

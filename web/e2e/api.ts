import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './fixtures';

export interface Mail {
  id: string | number;
  to: string;
  subject: string;
  body_text: string;
}

/** A signed-in API client of its own (cookie jar + CSRF token), for set-up and checks a person would not do in the UI. */
export async function apiAs(email: string, password = DEMO_PASSWORD) {
  const baseURL = process.env.E2E_BASE_URL!;
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { 'Accept-Language': 'en' } });
  const login = await context.post('/api/v1/auth/login', { data: { email, password } });
  expect(login.status(), `login ${email}: ${await login.text()}`).toBe(200);
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  return {
    context,
    csrf,
    async post<T>(path: string, data: unknown, expected = [200, 201, 202]): Promise<T> {
      const res = await context.post(path, { data, headers: { 'X-CSRF-Token': csrf } });
      expect(expected, `POST ${path} → ${res.status()} ${await res.text()}`).toContain(res.status());
      return (await res.json()) as T;
    },
    async dispose() {
      await context.dispose();
    },
  };
}

/** An API client without a session (someone who only has a link from a mail). */
export async function anonymous(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL: process.env.E2E_BASE_URL!,
    extraHTTPHeaders: { 'Accept-Language': 'en' },
  });
}

/** Mail to `to` in the outbox, read as the platform admin through GET /api/v1/admin/outbox. */
export async function outbox(admin: APIRequestContext, to: string): Promise<Mail[]> {
  const res = await admin.get('/api/v1/admin/outbox', { params: { to } });
  expect(res.status(), `GET /api/v1/admin/outbox?to=${to}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { items: Mail[] }).items;
}

/** Logs the `request` fixture in as the admin. */
export async function loginAdmin(request: APIRequestContext): Promise<void> {
  const res = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@vendor.example', password: DEMO_PASSWORD },
  });
  expect(res.status(), `admin login: ${await res.text()}`).toBe(200);
}

/** Waits for a mail to `to` whose body holds a link matching `pattern`; returns the link's path and query. */
export async function linkFromMail(admin: APIRequestContext, to: string, pattern: RegExp): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        for (const mail of await outbox(admin, to)) {
          const m = pattern.exec(mail.body_text);
          if (m) {
            link = m[0];
            return true;
          }
        }
        return false;
      },
      { message: `a mail to ${to} with a link like ${pattern}`, timeout: 15_000 },
    )
    .toBe(true);
  return link!;
}

export const ACCEPT_ACCOUNT_LINK = /\/accept-account\?token=[^\s"'<>)\]]+/;
export const ACCEPT_INVITATION_LINK = /\/accept-invitation\?token=[^\s"'<>)\]]+/;

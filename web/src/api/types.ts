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
}

export interface LoginRequest {
  email: string;
  password: string;
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

export interface OrderSummary {
  sales_order_number: string;
  web_order_number?: string;
  purchaser_name?: string;
  end_customer_name?: string;
  sa_hold?: boolean;
  created_at?: string;
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

import type { FieldError, Problem } from './types';

/**
 * A failed API call. `problem` is the server's problem+json when it sent one;
 * for a network failure `status` is 0 and `code` is "network".
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem | null;
  /** Seconds from a Retry-After header (429, 503), when given. */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, problem: Problem | null, retryAfter: number | null = null) {
    super(problem?.detail || problem?.title || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Maps field name → first message for that field. */
export function fieldErrorMap(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(error)) return out;
  for (const fe of error.fieldErrors) {
    if (fe.field && !(fe.field in out)) out[fe.field] = fe.message || fe.code;
  }
  return out;
}

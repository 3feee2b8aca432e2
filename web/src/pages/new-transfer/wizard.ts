import type { Id } from '../../api/types';

export const STEPS = ['source', 'destination', 'compliance', 'assets', 'form'] as const;
export type Step = (typeof STEPS)[number];
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The step of the wizard that shows a request field (server `errors[].field`), or -1. */
export function stepOfField(field: string): number {
  if (field === 'source_smart_account_id') return 0;
  if (field.startsWith('destination_')) return 1;
  if (field === 'same_legal_entity' || field === 'transferee_email') return 2;
  if (field === 'licenses' || field === 'devices' || field.startsWith('licenses[') || field.startsWith('devices[')) return 3;
  if (['justification', 'accept_terms', 'case_number', 'requester'].includes(field) || field.startsWith('requester.')) return 4;
  return -1;
}

export const sameId = (a: Id | undefined | null, b: Id | undefined | null) => a != null && b != null && String(a) === String(b);

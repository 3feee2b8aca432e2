import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';

/** Looking up the token of an e-mailed link: an invitation, or a Smart Account request to accept. */
export const tokenLookupKeys = {
  invitation: (token: string) => ['invitation-lookup', token] as const,
  smartAccountRequest: (token: string) => ['sa-request-lookup', token] as const,
};

// A token is looked up once: it does not change, and a failed lookup (unknown,
// expired or used token) is the answer, not a reason to retry.
export const tokenLookupQueries = {
  invitation: (api: ApiClient, token: string) =>
    queryOptions({
      queryKey: tokenLookupKeys.invitation(token),
      queryFn: () => api.lookupInvitation(token),
      enabled: token !== '',
      staleTime: Infinity,
      retry: false,
    }),
  smartAccountRequest: (api: ApiClient, token: string) =>
    queryOptions({
      queryKey: tokenLookupKeys.smartAccountRequest(token),
      queryFn: () => api.lookupSmartAccountRequest(token),
      enabled: token !== '',
      staleTime: Infinity,
      retry: false,
    }),
};

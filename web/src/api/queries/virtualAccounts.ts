import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';
import type { Id } from '../types';
import { smartAccountKeys } from './smartAccounts';

/** One Virtual Account's assets: below its Smart Account's detail, so a change there refreshes them too. */
export const virtualAccountKeys = {
  detail: (accountId: Id, vaId: Id) => [...smartAccountKeys.detail(accountId), 'va', String(vaId)] as const,
  licenses: (accountId: Id, vaId: Id) => [...virtualAccountKeys.detail(accountId, vaId), 'licenses'] as const,
  licenseSummary: (accountId: Id, vaId: Id) => [...virtualAccountKeys.detail(accountId, vaId), 'license-summary'] as const,
  devices: (accountId: Id, vaId: Id) => [...virtualAccountKeys.detail(accountId, vaId), 'devices'] as const,
  deviceList: (accountId: Id, vaId: Id, q: string) => [...virtualAccountKeys.devices(accountId, vaId), q] as const,
  tokens: (accountId: Id, vaId: Id) => [...virtualAccountKeys.detail(accountId, vaId), 'tokens'] as const,
  leases: (accountId: Id, vaId: Id) => [...virtualAccountKeys.detail(accountId, vaId), 'leases'] as const,
};

export const virtualAccountQueries = {
  licenses: (api: ApiClient, accountId: Id, vaId: Id) =>
    infiniteQueryOptions({
      queryKey: virtualAccountKeys.licenses(accountId, vaId),
      queryFn: ({ pageParam, signal }) =>
        api.listLicenses(accountId, { virtual_account_id: vaId, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  licenseSummary: (api: ApiClient, accountId: Id, vaId: Id) =>
    queryOptions({
      queryKey: virtualAccountKeys.licenseSummary(accountId, vaId),
      queryFn: ({ signal }) => api.getLicenseSummary(accountId, { virtual_account_id: vaId }, signal),
    }),
  devices: (api: ApiClient, accountId: Id, vaId: Id, q: string) =>
    infiniteQueryOptions({
      queryKey: virtualAccountKeys.deviceList(accountId, vaId, q),
      queryFn: ({ pageParam, signal }) =>
        api.listDevices(accountId, { virtual_account_id: vaId, q: q || undefined, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  /** The VA's active leases; they end by themselves within minutes, so refetched every minute while shown. */
  leases: (api: ApiClient, accountId: Id, vaId: Id) =>
    infiniteQueryOptions({
      queryKey: virtualAccountKeys.leases(accountId, vaId),
      queryFn: ({ pageParam, signal }) =>
        api.listLeases(accountId, { virtual_account_id: vaId, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
      refetchInterval: 60_000,
    }),
  tokens: (api: ApiClient, accountId: Id, vaId: Id) =>
    queryOptions({ queryKey: virtualAccountKeys.tokens(accountId, vaId), queryFn: ({ signal }) => api.listTokens(vaId, signal) }),
};

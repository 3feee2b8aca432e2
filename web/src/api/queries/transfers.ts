import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../client';
import type { Id, Transfer, TransferRole } from '../types';
import { smartAccountKeys } from './smartAccounts';

export type TransferListFilters = { role: TransferRole; status: string | undefined };

export const transferKeys = {
  all: ['transfers'] as const,
  lists: () => [...transferKeys.all, 'list'] as const,
  list: (filters: TransferListFilters) => [...transferKeys.lists(), filters] as const,
  /** A source Smart Account's assets and whether each may be transferred: changes with every transfer. */
  eligibleAssets: (sourceId: Id | null) =>
    [...transferKeys.all, 'eligible-assets', sourceId == null ? null : String(sourceId)] as const,
  details: () => ['transfer'] as const,
  detail: (id: Id) => [...transferKeys.details(), String(id)] as const,
};

export const transferQueries = {
  list: (api: ApiClient, filters: TransferListFilters) =>
    infiniteQueryOptions({
      queryKey: transferKeys.list(filters),
      queryFn: ({ pageParam, signal }) =>
        api.listTransfers({ role: filters.role, status: filters.status, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  /** Disabled until there is a source (`sourceId` null). */
  eligibleAssets: (api: ApiClient, sourceId: Id | null) =>
    queryOptions({
      queryKey: transferKeys.eligibleAssets(sourceId),
      queryFn: ({ signal }) => api.getEligibleAssets(sourceId!, signal),
      enabled: sourceId !== null,
    }),
  detail: (api: ApiClient, id: Id) =>
    queryOptions({ queryKey: transferKeys.detail(id), queryFn: ({ signal }) => api.getTransfer(id, signal) }),
};

/**
 * After a transfer was created or changed (`changed`: the server's answer, kept
 * as the detail of `id`): every transfer list and eligible-assets view, and the
 * Smart Accounts' asset counts (a transfer reserves, releases or moves assets).
 */
export function transferChanged(queryClient: QueryClient, changed?: { id: Id; transfer: Transfer }) {
  if (changed) queryClient.setQueryData(transferKeys.detail(changed.id), changed.transfer);
  void queryClient.invalidateQueries({ queryKey: transferKeys.all });
  void queryClient.invalidateQueries({ queryKey: smartAccountKeys.details() });
}

import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';
import { isApiError } from '../errors';
import type { EventFilters, Id, SearchBy } from '../types';

export type SmartAccountSearch = { by: SearchBy; q: string };

export const smartAccountKeys = {
  all: ['smart-accounts'] as const,
  mine: () => [...smartAccountKeys.all, 'mine'] as const,
  search: (search: SmartAccountSearch | null) => [...smartAccountKeys.all, 'search', search] as const,
  details: () => ['smart-account'] as const,
  detail: (id: Id) => [...smartAccountKeys.details(), String(id)] as const,
  assetSummary: (id: Id) => [...smartAccountKeys.detail(id), 'asset-summary'] as const,
  virtualAccounts: (id: Id) => [...smartAccountKeys.detail(id), 'virtual-accounts'] as const,
  /** The Virtual Accounts an order may be assigned, or a transfer sent, to (?for_assignment=true). */
  assignableVirtualAccounts: (id: Id) => [...smartAccountKeys.virtualAccounts(id), 'for-assignment'] as const,
  members: (id: Id) => [...smartAccountKeys.detail(id), 'members'] as const,
  events: (id: Id) => [...smartAccountKeys.detail(id), 'events'] as const,
  eventList: (id: Id, filters: EventFilters) => [...smartAccountKeys.events(id), filters] as const,
};

export const smartAccountQueries = {
  /** My Smart Accounts (GET ?mine=true); a server without the list yet (404) means none. */
  mine: (api: ApiClient) =>
    queryOptions({
      queryKey: smartAccountKeys.mine(),
      queryFn: async ({ signal }) => {
        try {
          return await api.listMySmartAccounts(signal);
        } catch (error) {
          if (isApiError(error) && error.status === 404) return { items: [], next_cursor: null };
          throw error;
        }
      },
    }),
  /** A search; disabled until there is one (`search` null). */
  search: (api: ApiClient, search: SmartAccountSearch | null) =>
    queryOptions({
      queryKey: smartAccountKeys.search(search),
      queryFn: ({ signal }) => api.searchSmartAccounts({ by: search!.by, q: search!.q }, signal),
      enabled: search !== null,
    }),
  detail: (api: ApiClient, id: Id) =>
    queryOptions({ queryKey: smartAccountKeys.detail(id), queryFn: ({ signal }) => api.getSmartAccount(id, signal) }),
  assetSummary: (api: ApiClient, id: Id) =>
    queryOptions({ queryKey: smartAccountKeys.assetSummary(id), queryFn: ({ signal }) => api.getAssetSummary(id, signal) }),
  virtualAccounts: (api: ApiClient, id: Id) =>
    queryOptions({
      queryKey: smartAccountKeys.virtualAccounts(id),
      queryFn: ({ signal }) => api.listVirtualAccounts(id, signal),
    }),
  /** Disabled until a Smart Account is chosen (`id` null). */
  assignableVirtualAccounts: (api: ApiClient, id: Id | null) =>
    queryOptions({
      queryKey: smartAccountKeys.assignableVirtualAccounts(id ?? ''),
      queryFn: ({ signal }) => api.listAssignableVirtualAccounts(id!, signal),
      enabled: id !== null,
    }),
  members: (api: ApiClient, id: Id) =>
    queryOptions({ queryKey: smartAccountKeys.members(id), queryFn: ({ signal }) => api.listMembers(id, signal) }),
  events: (api: ApiClient, id: Id, filters: EventFilters) =>
    infiniteQueryOptions({
      queryKey: smartAccountKeys.eventList(id, filters),
      queryFn: ({ pageParam, signal }) => api.listEvents(id, { ...filters, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
};

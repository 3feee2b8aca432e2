import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../client';
import { isApiError } from '../errors';
import type { Order, OrderSummary, Page } from '../types';
import { smartAccountKeys } from './smartAccounts';

export const orderKeys = {
  all: ['orders'] as const,
  lists: () => [...orderKeys.all, 'list'] as const,
  list: (filters: { q: string; sa_hold: boolean }) => [...orderKeys.lists(), filters] as const,
  /** The home page's orders on Smart Account hold. */
  onHold: () => [...orderKeys.all, { sa_hold: true }] as const,
  details: () => ['order'] as const,
  detail: (number: string) => [...orderKeys.details(), number] as const,
  diagnosis: (number: string) => [...orderKeys.detail(number), 'diagnosis'] as const,
  history: (number: string) => [...orderKeys.detail(number), 'history'] as const,
};

const EMPTY_PAGE: Page<OrderSummary> = { items: [], next_cursor: null };

export const orderQueries = {
  list: (api: ApiClient, filters: { q: string; sa_hold: boolean }) =>
    infiniteQueryOptions({
      queryKey: orderKeys.list(filters),
      queryFn: ({ pageParam, signal }) =>
        api.listOrders({ q: filters.q || undefined, sa_hold: filters.sa_hold || undefined, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  onHold: (api: ApiClient) =>
    queryOptions({
      queryKey: orderKeys.onHold(),
      queryFn: async ({ signal }) => {
        try {
          return await api.listOrders({ sa_hold: true }, signal);
        } catch (error) {
          // The order list is not served yet by every server version: no list, no orders.
          if (isApiError(error) && error.status === 404) return EMPTY_PAGE;
          throw error;
        }
      },
    }),
  detail: (api: ApiClient, number: string) =>
    queryOptions({ queryKey: orderKeys.detail(number), queryFn: ({ signal }) => api.getOrder(number, signal) }),
  diagnosis: (api: ApiClient, number: string) =>
    queryOptions({ queryKey: orderKeys.diagnosis(number), queryFn: ({ signal }) => api.getOrderDiagnosis(number, signal) }),
  history: (api: ApiClient, number: string) =>
    queryOptions({ queryKey: orderKeys.history(number), queryFn: ({ signal }) => api.getOrderHistory(number, signal) }),
};

/**
 * After an assignment (`order`: the server's answer, kept under the number it
 * was opened by): every order (an order is cached under its SO# and its WO#),
 * every order list, and the Smart Accounts' asset counts (licenses deposited).
 */
export function orderChanged(queryClient: QueryClient, number: string, order: Order) {
  queryClient.setQueryData(orderKeys.detail(number), order);
  void queryClient.invalidateQueries({ queryKey: orderKeys.details() });
  void queryClient.invalidateQueries({ queryKey: orderKeys.all });
  void queryClient.invalidateQueries({ queryKey: smartAccountKeys.details() });
}

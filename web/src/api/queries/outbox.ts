import { infiniteQueryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';

export const outboxKeys = {
  all: ['outbox'] as const,
  list: (filters: { to: string }) => [...outboxKeys.all, filters] as const,
};

export const outboxQueries = {
  list: (api: ApiClient, filters: { to: string }) =>
    infiniteQueryOptions({
      queryKey: outboxKeys.list(filters),
      queryFn: ({ pageParam, signal }) => api.listOutbox({ to: filters.to || undefined, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
};

import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';

export const meKeys = {
  all: ['me'] as const,
};

export const meQueries = {
  /** The signed-in user (GET /me), fresh for 30 s. */
  current: (api: ApiClient) =>
    queryOptions({
      queryKey: meKeys.all,
      queryFn: ({ signal }) => api.me({ signal }),
      staleTime: 30_000,
    }),
};

import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';

export const findKeys = {
  all: ['find'] as const,
  result: (q: string) => [...findKeys.all, q] as const,
};

export const findQueries = {
  /** Disabled while there is nothing to find (`q` empty). */
  result: (api: ApiClient, q: string) =>
    queryOptions({ queryKey: findKeys.result(q), queryFn: ({ signal }) => api.find(q, signal), enabled: q !== '' }),
};

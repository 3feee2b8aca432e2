import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';
import type { CaseStatus, Id } from '../types';

export const caseKeys = {
  all: ['cases'] as const,
  lists: () => [...caseKeys.all, 'list'] as const,
  list: (filters: { status: CaseStatus | undefined }) => [...caseKeys.lists(), filters] as const,
  details: () => ['case'] as const,
  detail: (id: Id) => [...caseKeys.details(), String(id)] as const,
};

export const caseQueries = {
  list: (api: ApiClient, filters: { status: CaseStatus | undefined }) =>
    infiniteQueryOptions({
      queryKey: caseKeys.list(filters),
      queryFn: ({ pageParam, signal }) => api.listCases({ status: filters.status, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  detail: (api: ApiClient, id: Id) =>
    queryOptions({ queryKey: caseKeys.detail(id), queryFn: ({ signal }) => api.getCase(id, signal) }),
};

import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';

/** Product-side licensing (SPEC §8): the public signing keys. */
export const licensingKeys = {
  all: ['licensing'] as const,
  signingKeys: () => [...licensingKeys.all, 'keys'] as const,
};

export const licensingQueries = {
  /** GET /licensing/keys: newest first; the first not retired is the one that signs. */
  signingKeys: (api: ApiClient) =>
    queryOptions({
      queryKey: licensingKeys.signingKeys(),
      queryFn: ({ signal }) => api.listSigningKeys(signal),
    }),
};

import { type QueryKey, useQueryClient } from '@tanstack/react-query';

/**
 * A function that marks every cached query under `queryKey` stale (the shown ones refetch), e.g.
 * `useInvalidate(trpc.orgs.pathKey())` after a write to an organisation. Not awaited.
 */
export function useInvalidate(queryKey: QueryKey): () => void {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey });
}

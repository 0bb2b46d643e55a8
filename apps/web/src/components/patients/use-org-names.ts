import { useQueries } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';

/**
 * Organisation names by id, one orgs.get each (batched, cached): for ids a list page shows that
 * the first page of organisations may not hold. A name still loading, or unreadable, is absent.
 */
export function useOrgNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const unique = [...new Set(ids)];
  return useQueries({
    queries: unique.map((id) => trpc.orgs.get.queryOptions({ id }, { staleTime: 5 * 60_000, retry: false })),
    combine: (results) => {
      const names = new Map<string, string>();
      results.forEach((result, index) => {
        const id = unique[index];
        if (id && result.data) names.set(id, result.data.name);
      });
      return names;
    },
  });
}

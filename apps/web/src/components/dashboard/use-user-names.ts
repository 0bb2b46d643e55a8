import { useQueries } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';

export interface UserName {
  name: string;
  email: string;
}

/**
 * Names of users by id, one users.get each (httpBatchLink sends the new ones in one request).
 * A new id (a user who just came online) is fetched as soon as it appears; known ones come from
 * the cache. An id that cannot be read (deleted since) maps to null; one still loading is absent.
 */
export function useUserNames(ids: readonly string[]): ReadonlyMap<string, UserName | null> {
  const trpc = useTRPC();
  return useQueries({
    queries: ids.map((id) => ({
      ...trpc.users.get.queryOptions({ id }, { staleTime: 5 * 60_000, retry: false }),
    })),
    combine: (results) => {
      const names = new Map<string, UserName | null>();
      results.forEach((result, index) => {
        const id = ids[index];
        if (!id) return;
        if (result.data) {
          const { firstName, lastName, email } = result.data;
          names.set(id, { name: `${firstName} ${lastName}`.trim() || email, email });
        } else if (result.isError) {
          names.set(id, null);
        }
      });
      return names;
    },
  });
}

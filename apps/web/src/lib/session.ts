import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

/** The signed-in user (auth.me); the `_app` layout guarantees it exists below it. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}

export type Me = NonNullable<ReturnType<typeof useMe>['data']>;

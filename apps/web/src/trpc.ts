// Types only: the bundle must never contain server code (the build check greps for it).
import type { AppRouter } from '@praxis/api';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext, createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import { errorData } from './lib/errors';

/** What procedures answer and take, as the client sees them (superjson: dates are Dates). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A refusal will not change by asking again; a network blip might.
        retry: (count, error) => count < 2 && (errorData(error).httpStatus ?? 500) >= 500,
      },
    },
  });
}

export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      // httpBatchLink, not the streaming link: sign-in must be able to set its cookie.
      httpBatchLink({
        url: '/trpc',
        transformer: superjson,
        fetch: (url, options) => fetch(url, { ...options, credentials: 'include' }),
      }),
    ],
  });
}

export type TrpcClient = ReturnType<typeof createClient>;
export const createOptionsProxy = (client: TrpcClient, queryClient: QueryClient) =>
  createTRPCOptionsProxy<AppRouter>({ client, queryClient });
export type TrpcOptions = ReturnType<typeof createOptionsProxy>;

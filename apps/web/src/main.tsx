import { QueryClientProvider } from '@tanstack/react-query';
import { createRouter, RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { followGateRefusals } from './lib/account-gate';
import { routeTree } from './routeTree.gen';
import { createClient, createOptionsProxy, createQueryClient, TRPCProvider } from './trpc';
import './styles.css';

const queryClient = createQueryClient();
const trpcClient = createClient();
const trpc = createOptionsProxy(trpcClient, queryClient);
const router = createRouter({
  routeTree,
  context: { queryClient, trpc },
  defaultPreload: 'intent',
  // Loaders read through React Query, which already caches.
  defaultPreloadStaleTime: 0,
  scrollRestoration: true,
});

followGateRefusals(queryClient, trpc.auth.me.queryKey(), () => router.invalidate());

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);

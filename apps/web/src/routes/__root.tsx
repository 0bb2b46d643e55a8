import { Button, Toaster, TooltipProvider } from '@praxis/ui';
import { createRootRouteWithContext, Link, Outlet, useRouter } from '@tanstack/react-router';
import { ErrorPanel } from '../components/error-panel';
import type { RouterContext } from '../router-context';

export const Route = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <TooltipProvider>
      <Toaster>
        <Outlet />
      </Toaster>
    </TooltipProvider>
  ),
  notFoundComponent: NotFound,
  errorComponent: RootError,
});

function NotFound() {
  return (
    <main className="mx-auto grid max-w-md gap-4 p-10 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-muted-foreground">There is no page at this address.</p>
      <Button asChild>
        <Link to="/">Go to the start page</Link>
      </Button>
    </main>
  );
}

function RootError({ error, reset }: { error: unknown; reset: () => void }) {
  const router = useRouter();
  return (
    <main className="mx-auto grid max-w-xl gap-4 p-10">
      <h1 className="text-2xl font-semibold">This page could not be shown</h1>
      <ErrorPanel
        error={error}
        onRetry={() => {
          reset();
          void router.invalidate();
        }}
      />
    </main>
  );
}

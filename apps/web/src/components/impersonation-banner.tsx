import { Button } from '@praxis/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

/**
 * Shown on every screen of an impersonation session: whose account this is, who is using it,
 * and the way back to one's own session.
 */
export function ImpersonationBanner({
  user,
  impersonator,
  endsAt,
}: {
  user: string;
  impersonator: string;
  endsAt: Date;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stop = useMutation(
    trpc.auth.stopImpersonating.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        window.location.assign('/');
      },
    }),
  );
  const until = endsAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <section aria-label="Impersonation" className="border-b border-amber-300 bg-amber-100 text-amber-950">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-2 text-sm">
        <p>
          You ({impersonator}) are signed in as <strong>{user}</strong> until {until}.
        </p>
        <Button
          size="sm"
          variant="outline"
          className="ml-auto"
          disabled={stop.isPending}
          onClick={() => stop.mutate()}
        >
          Stop impersonating
        </Button>
      </div>
    </section>
  );
}

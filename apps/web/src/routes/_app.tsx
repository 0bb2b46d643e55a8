import {
  Button,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@praxis/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link, Outlet, redirect, useNavigate } from '@tanstack/react-router';
import { ImpersonationBanner } from '../components/impersonation-banner';
import { GATE_PATHS, gatePathFor } from '../lib/account-gate';
import { errorCode } from '../lib/errors';
import { PresenceProvider } from '../lib/presence';
import { type Me, useMe } from '../lib/session';
import { NAV_ITEMS, visibleNavItems } from '../nav';
import { useTRPC } from '../trpc';

/** The signed-in part of the app: the session gate, then the shell around every screen. */
export const Route = createFileRoute('/_app')({
  beforeLoad: async ({ context, location }) => {
    let me: Me;
    try {
      me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    } catch (error) {
      if (errorCode(error) === 'UNAUTHORIZED') {
        throw redirect({ to: '/sign-in', search: { redirect: location.href } });
      }
      throw error;
    }
    // The account gate: a password change or 2FA enrolment that is due comes before any screen
    // (the server refuses everything else with that reason anyway).
    const gatePath = gatePathFor(me);
    if (gatePath && location.pathname !== gatePath) throw redirect({ to: gatePath, replace: true });
    if (!gatePath && isGatePath(location.pathname)) throw redirect({ to: '/', replace: true });
  },
  component: AppShell,
});

const isGatePath = (path: string) => Object.values<string>(GATE_PATHS).includes(path);

function AppShell() {
  const { data: me } = useMe();
  if (!me) return null;
  const actor = { id: me.id, roles: me.roles, organizationId: me.organizationId };
  // While the account gate holds, no navigation: every other screen would be refused.
  const gated = gatePathFor(me) !== null;
  const items = visibleNavItems(NAV_ITEMS, actor);
  return (
    // Every signed-in tab connects: a connected user is online (API.md), whoever they are; the
    // server sends presence events only to viewers allowed presence.read. A gated user's socket
    // is refused, so it connects once the password change or enrolment is done.
    <PresenceProvider enabled={!gated}>
      <div className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-background focus:p-2"
        >
          Skip to content
        </a>
        {me.impersonatedBy ? (
          <ImpersonationBanner
            user={`${me.firstName} ${me.lastName}`.trim() || me.email}
            impersonator={me.impersonatedBy.email}
            endsAt={me.sessionExpiresAt}
          />
        ) : null}
        <header className="border-b border-border bg-background">
          <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
            <Link to="/" className="font-semibold">
              Praxis
            </Link>
            {gated ? null : (
              <nav aria-label="Main" className="flex gap-1">
                {items.map((item) => (
                  <Link
                    key={item.to}
                    to={item.to}
                    className="rounded-md px-3 py-2 text-sm hover:bg-muted"
                    activeProps={{ className: 'bg-muted font-medium', 'aria-current': 'page' }}
                    activeOptions={{ exact: item.to === '/' }}
                  >
                    {item.label}
                  </Link>
                ))}
              </nav>
            )}
            <div className="ml-auto">
              <AccountMenu
                name={`${me.firstName} ${me.lastName}`.trim() || me.email}
                email={me.email}
                impersonating={Boolean(me.impersonatedBy)}
              />
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl p-4 md:p-8">
          <Outlet />
        </main>
      </div>
    </PresenceProvider>
  );
}

function AccountMenu({
  name,
  email,
  impersonating,
}: {
  name: string;
  email: string;
  impersonating: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const afterSignOut = async () => {
    queryClient.clear();
    // Signing out of an impersonation gives this browser the impersonator's own session back.
    if (impersonating) return window.location.assign('/');
    await navigate({ to: '/sign-in', search: { signedOut: true } });
  };
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: afterSignOut }));
  const logoutAll = useMutation(trpc.auth.logoutAll.mutationOptions({ onSettled: afterSignOut }));
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost">{name}</Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel className="font-normal text-muted-foreground">{email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => logout.mutate()}>Sign out</DropdownMenuItem>
        {/* Signing the user out everywhere is the owner's alone (refused while impersonating). */}
        {impersonating ? null : (
          <DropdownMenuItem onSelect={() => logoutAll.mutate()}>Sign out of all sessions</DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

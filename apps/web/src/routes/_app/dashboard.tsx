import { can } from '@praxis/policy';
import { createFileRoute, redirect } from '@tanstack/react-router';
import { DashboardPage } from '../../components/dashboard/dashboard-page';

export const Route = createFileRoute('/_app/dashboard')({
  // A viewer who may not read the dashboard (a shared link) goes to the start page instead.
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (!can(me, 'dashboard.read')) throw redirect({ to: '/', replace: true });
  },
  component: DashboardPage,
});

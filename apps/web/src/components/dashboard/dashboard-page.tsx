import { Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton } from '@praxis/ui';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { usePresence } from '../../lib/presence';
import { useTRPC } from '../../trpc';
import { Metrics } from './metrics';
import { OnlineUsers } from './online-users';
import { RecentActivity } from './recent-activity';

// Recharts (~100 KB gzip) loads only when a chart is drawn, never with sign-in or the shell.
const ActivityChart = lazy(() => import('./activity-chart'));

const CHART_DAYS = 30;
// The counts are cached 10 s on the server; poll a little slower than that.
const SUMMARY_REFRESH_MS = 30_000;

/** The dashboard: counts, who is online (live), recent activity and the last 30 days. */
export function DashboardPage() {
  const trpc = useTRPC();
  const summary = useQuery(
    trpc.dashboard.summary.queryOptions(undefined, { refetchInterval: SUMMARY_REFRESH_MS }),
  );
  const activity = useQuery(trpc.dashboard.activity.queryOptions({ days: CHART_DAYS }));
  const presence = usePresence();
  if (summary.error) throw summary.error;
  if (activity.error) throw activity.error;
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      {summary.data ? (
        <Metrics
          summary={{ ...summary.data, onlineUsers: onlineNow(presence) ?? summary.data.onlineUsers }}
        />
      ) : (
        <div className="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-6">
          {Array.from({ length: 6 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholders
            <Skeleton key={i} className="h-[88px]" />
          ))}
        </div>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Last {CHART_DAYS} days</CardTitle>
          <CardDescription>Sign-ins and new users per day (UTC)</CardDescription>
        </CardHeader>
        <CardContent>
          <figure className="h-[280px]">
            {activity.data ? (
              <Suspense fallback={<Skeleton className="h-full" />}>
                <ActivityChart days={activity.data.days} />
              </Suspense>
            ) : (
              <Skeleton className="h-full" />
            )}
            <figcaption className="sr-only">{chartSummary(activity.data?.days)}</figcaption>
          </figure>
        </CardContent>
      </Card>
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <OnlineUsers />
        {summary.data ? (
          <RecentActivity items={summary.data.recentActivity} />
        ) : (
          <Skeleton className="h-64" />
        )}
      </div>
    </div>
  );
}

/**
 * The online count from the live connection while it is up (it carries exactly the users this
 * viewer may read), so the number moves with the list below; otherwise the summary's.
 */
function onlineNow({ status, users }: ReturnType<typeof usePresence>): number | null {
  if (status !== 'live') return null;
  let count = 0;
  for (const entry of users.values()) if (entry.online) count++;
  return count;
}

/** The chart in words, for screen readers (the bars themselves are not readable). */
function chartSummary(days: { signIns: number; newUsers: number }[] | undefined): string {
  if (!days) return 'Activity chart loading';
  const total = (key: 'signIns' | 'newUsers') => days.reduce((sum, day) => sum + day[key], 0);
  return `Activity chart: ${total('signIns')} sign-ins and ${total('newUsers')} new users over the last ${days.length} days`;
}

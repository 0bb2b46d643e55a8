import { scopeOf } from '@praxis/policy';
import type { OrganizationScope } from '../list-paging';
import { unlessPresenceUnknown } from '../presence-reader';
import type { AuthedContext } from '../trpc';
import { countOnline, countUsers, dailyActivity, latestActivity, type UserCounts } from './dashboard.queries';

const RECENT_ACTIVITY = 20;
// The counts read every user in scope (a million rows for an admin): they are kept this long in
// Redis, per scope and month. Online users and the latest activity are always read fresh.
const COUNTS_TTL_SECONDS = 10;

/** dashboard.summary: counts over the organisations the caller may read, and the latest activity. */
export async function summary(ctx: AuthedContext, now = new Date()) {
  const scope = scopeOf(ctx.actor, 'dashboard.read');
  // "This month" is the calendar month in UTC.
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [counts, onlineUsers, events] = await Promise.all([
    cachedCounts(ctx, scope, monthStart, () => countUsers(ctx.db, scope, monthStart, now)),
    // null: unknown (presence could not be read); the rest of the dashboard still answers.
    unlessPresenceUnknown(ctx.presence.allOnline(), ctx.logger).then((ids) =>
      ids ? countOnline(ctx.db, scope, ids) : null,
    ),
    latestActivity(ctx.db, scope, RECENT_ACTIVITY),
  ]);
  return {
    ...counts,
    onlineUsers,
    // The user who acted; for events without an actor (e.g. a failed sign-in) the user concerned.
    recentActivity: events.map((event) => ({
      userId: event.actorId ?? event.targetId,
      action: event.action,
      timestamp: event.createdAt,
    })),
  };
}

/**
 * dashboard.activity: sign-ins and new users per UTC day over the last `days` days (today
 * included, so far), over the organisations the caller may read.
 */
export async function activity(ctx: AuthedContext, input: { days: number }, now = new Date()) {
  const scope = scopeOf(ctx.actor, 'dashboard.read');
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const firstDay = new Date(today - (input.days - 1) * 86_400_000);
  return { days: await dailyActivity(ctx.db, scope, firstDay, input.days) };
}

async function cachedCounts(
  ctx: AuthedContext,
  scope: OrganizationScope,
  monthStart: Date,
  compute: () => Promise<UserCounts>,
): Promise<UserCounts> {
  const scopeKey = scope.all ? 'all' : [...scope.organizationIds].sort().join(',') || 'none';
  const key = `${ctx.config.redisPrefix}:dashboard:counts:${monthStart.toISOString().slice(0, 7)}:${scopeKey}`;
  // Redis unreachable: the dashboard still answers, from Postgres.
  const cached = await ctx.redis.get(key).catch(() => null);
  if (cached) return JSON.parse(cached) as UserCounts;
  const counts = await compute();
  await ctx.redis.set(key, JSON.stringify(counts), 'EX', COUNTS_TTL_SECONDS).catch(() => undefined);
  return counts;
}

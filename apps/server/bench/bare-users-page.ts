// The baseline of the "bare" routes: users.list's first pages (unarchived users, newest first,
// with their organisation's name) written straight in Kysely, the way a hand-written route would,
// with the count users.list answers beyond its exact limit (the planner's estimate, no scan).
// It belongs to the bench, not to @praxis/api: the API exports no internals for a benchmark.
import type { Db } from '@praxis/db';
import { sql } from 'kysely';

export async function bareUsersPage(db: Db, page: number, pageSize: number) {
  const unarchived = db.selectFrom('users').where('users.archivedAt', 'is', null);
  const [rows, [plan]] = await Promise.all([
    unarchived
      .leftJoin('organizations', 'organizations.id', 'users.organizationId')
      .selectAll('users')
      .select('organizations.name as organizationName')
      .orderBy('users.createdAt', 'desc')
      .orderBy('users.id', 'desc')
      .limit(pageSize + 1)
      .offset((page - 1) * pageSize)
      .execute(),
    unarchived.select(sql<number>`1`.as('one')).explain('json'),
  ]);
  const estimate = (plan ? Object.values(plan)[0] : undefined) as
    | [{ Plan?: { 'Plan Rows'?: number } }]
    | undefined;
  const items = rows.slice(0, pageSize).map(({ passwordHash: _hash, searchText: _search, ...user }) => user);
  return {
    items,
    page,
    pageSize,
    total: Math.round(estimate?.[0]?.Plan?.['Plan Rows'] ?? 0),
    totalExact: false,
  };
}

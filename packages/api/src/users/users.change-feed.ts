import { sql } from 'kysely';

/**
 * What a snapshot could not see: transactions from `xmax` on, and those `running` when it was
 * taken. Every other change is visible in it, so the next read of the change feed (migrations
 * 2026_12_01_0600 and 0800) asks for changes by these alone.
 */
export type Snapshot = { xmax: string; running: string[] };

// A long transaction anywhere on the server (a backup, say) widens the index range a read walks,
// not the rows it sends again.
export const SNAPSHOT = sql`pg_snapshot_xmax(pg_current_snapshot())::text as xmax,
  array(select pg_snapshot_xip(pg_current_snapshot())::text) as running`;

// Tombstones and list changes are kept a day: a process that has not read the changes for half
// of that starts again rather than miss one.
export const FOLLOW_AT_MOST_MS = 12 * 60 * 60 * 1000;

// The index range holds the planner to the index in a plan made once (an open `>= oldest` would
// be guessed at a third of the table: a sequential scan); the running transactions are then
// picked out of it row by row. Each parameter is read through a subquery, so that a plan made for
// the values of one call cannot look cheaper than the plan made once: Postgres then keeps the
// latter, instead of planning the statement again on every read (0.2-0.3 ms of its CPU each).
const NEWEST = sql.lit('18446744073709551615');

/** The placeholders of a prepared read of the feed (see `namedPreparedStatement`). */
export type SinceValues = Record<'oldest' | 'xmax' | 'running', never>;

/** A condition on an xid8 column: written by a transaction the snapshot of `values` could not see. */
export function writtenSince(values: SinceValues) {
  const oldest = sql`(select ${values.oldest}::xid8)`;
  const xmax = sql`(select ${values.xmax}::xid8)`;
  const running = sql`cast((select ${values.running}::xid8[]) as xid8[])`;
  return (xid: string) => sql`(${sql.ref(xid)} between ${oldest} and ${NEWEST}::xid8
    and (${sql.ref(xid)} >= ${xmax} or ${sql.ref(xid)} = any(${running})))`;
}

/** The values of a read of the feed since `snapshot`. */
export function sinceValuesOf({ xmax, running }: Snapshot) {
  let oldest = BigInt(xmax);
  for (const xid of running) if (BigInt(xid) < oldest) oldest = BigInt(xid);
  return { oldest: oldest.toString(), xmax, running };
}

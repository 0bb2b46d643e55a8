import type { Executor } from '@praxis/db';
import { type AuditEntry, recordActorAudit } from './audit/audit.queries';
import { notFound } from './errors';
import type { AuthedContext } from './trpc';

/**
 * One change of a record's state (a user's lifecycle or roles, an organisation's lifecycle),
 * described as steps and run by `runTransition`. Every step but `plan` and `write` is optional.
 */
export interface TransitionSteps<Row, Patch> {
  /** Names the record in NOT_FOUND when it is gone by the time it is locked. */
  what: string;
  /** Loads the record and checks the caller may make this change, outside the transaction. */
  load: () => Promise<Row>;
  /** Reads the record again, locked until the transaction ends, so the rules still hold at the write. */
  lock: (tx: Executor, loaded: Row) => Promise<Row | undefined>;
  /** The change, or null when the record already is in that state: then nothing is written or audited. */
  plan: (locked: Row, now: Date) => Patch | null;
  /** Rules on the planned change, checked on the locked row inside the transaction. */
  guard?: (tx: Executor, locked: Row, patch: Patch, now: Date) => Promise<void> | void;
  /** Writes the patch (or deletes the row) and answers the row as it now is (as it was, for a deletion). */
  write: (tx: Executor, locked: Row, patch: Patch) => Promise<Row>;
  /** For a change that locks people out: ends their sessions in the same transaction (public ids). */
  endSessions?: (tx: Executor, locked: Row) => Promise<string[]>;
  /** The audit event of the change, appended in the same transaction. */
  audit: (change: {
    before: Row;
    after: Row;
    patch: Patch;
    sessionsEnded: number;
  }) => Omit<AuditEntry, 'actorId' | 'ip'>;
  /** After commit, when no session was ended (ended sessions are closed instead), e.g. new rights. */
  afterCommit?: (result: { before: Row; row: Row }) => Promise<void>;
}

/**
 * Load and authorize, lock, plan (null: an idempotent no-op), guard, end sessions, write, audit —
 * all in one transaction; once committed, the ended sessions are announced (their realtime
 * connections close on every instance), or else `afterCommit` runs. Answers the row before and after.
 */
export async function runTransition<Row, Patch>(ctx: AuthedContext, steps: TransitionSteps<Row, Patch>) {
  const loaded = await steps.load();
  const { before, row, endedSessions } = await ctx.db.transaction().execute(async (tx) => {
    const now = new Date();
    const locked = await steps.lock(tx, loaded);
    if (!locked) throw notFound(steps.what);
    const patch = steps.plan(locked, now);
    if (!patch) return { before: locked, row: locked, endedSessions: [] as string[] };
    await steps.guard?.(tx, locked, patch, now);
    // Sessions are ended before the write: a deletion takes the user's sessions with the row.
    const ended = steps.endSessions ? await steps.endSessions(tx, locked) : [];
    const updated = await steps.write(tx, locked, patch);
    await recordActorAudit(
      tx,
      ctx,
      steps.audit({ before: locked, after: updated, patch, sessionsEnded: ended.length }),
    );
    return { before: locked, row: updated, endedSessions: ended };
  });
  if (endedSessions.length) await ctx.sessionEvents.ended(endedSessions);
  else await steps.afterCommit?.({ before, row });
  return { before, row };
}

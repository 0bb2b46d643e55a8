import type { Db } from './schema';

export const AUDIT_DELETE_BATCH = 5_000;

/**
 * Deletes the audit events created before `cutoff`, oldest first, `batchSize` rows per statement:
 * each statement is its own short transaction, so pruning a huge backlog never holds one long
 * lock. Rows another pruner holds are skipped, so two runs at once share the work.
 */
export async function deleteAuditEventsBefore(
  db: Db,
  cutoff: Date,
  batchSize = AUDIT_DELETE_BATCH,
): Promise<{ deleted: number; batches: number }> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const result = await db
      .deleteFrom('auditEvents')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('auditEvents')
          .select('id')
          .where('createdAt', '<', cutoff)
          .orderBy('createdAt')
          .limit(batchSize)
          .forUpdate()
          .skipLocked(),
      )
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows);
    deleted += removed;
    batches += 1;
    if (removed < batchSize) return { deleted, batches };
  }
}

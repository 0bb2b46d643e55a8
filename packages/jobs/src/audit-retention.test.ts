import type { Db } from '@praxis/db';
import { randomSuffix, workerDatabase } from '@praxis/db/testing';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  AUDIT_RETENTION_QUEUE,
  AUDIT_RETENTION_SCHEDULER_ID,
  DAY_MS,
  startAuditRetention,
} from './audit-retention';
import { createRedis } from './redis';
import { testRedisPrefix, testRedisUrl } from './testing';

interface LogLine {
  msg: string;
  deleted?: number;
  batches?: number;
  retentionDays?: number;
}

function captureLogs() {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return {
    logger,
    lines,
    prunes: () => lines.filter((line) => line.msg.startsWith('audit retention: removed')),
  };
}

/** A retention job on a Redis prefix of its own (shared by every start in one test); closed when the test ends. */
function retentionBed() {
  const redisPrefix = `${testRedisPrefix()}-retention${randomSuffix()}`;
  const logs = captureLogs();
  const start = async (db: Db, options: { retentionDays: number; batchSize?: number }) => {
    const connection = createRedis(testRedisUrl, 'worker');
    const retention = startAuditRetention({ connection, redisPrefix, db, logger: logs.logger, ...options });
    onTestFinished(async () => {
      await retention.close();
      await connection.quit();
    });
    await retention.ready;
    return retention;
  };
  return { redisPrefix, logs, start };
}

async function insertEvents(db: Db, action: string, ageDays: number, count: number) {
  const createdAt = new Date(Date.now() - ageDays * DAY_MS);
  await db
    .insertInto('auditEvents')
    .values(Array.from({ length: count }, () => ({ actorId: null, action, metadata: {}, createdAt })))
    .execute();
}

async function countByAge(db: Db, action: string) {
  const rows = await db.selectFrom('auditEvents').select('createdAt').where('action', '=', action).execute();
  const ages = rows.map((row) => Math.round((Date.now() - row.createdAt.getTime()) / DAY_MS));
  return Object.fromEntries(
    [...new Set(ages)].sort((a, b) => a - b).map((age) => [age, ages.filter((x) => x === age).length]),
  );
}

describe('audit retention', () => {
  it('deletes events older than AUDIT_RETENTION_DAYS in batches at start, keeps newer ones, and logs the count', async () => {
    const { db } = (await workerDatabase()).handle;
    const action = `test.retention_${randomSuffix()}`;
    await insertEvents(db, action, 400, 3);
    await insertEvents(db, action, 31, 2);
    await insertEvents(db, action, 29, 1);
    await insertEvents(db, action, 0, 1);
    const bed = retentionBed();

    await bed.start(db, { retentionDays: 30, batchSize: 2 });

    await vi.waitFor(() => expect(bed.logs.prunes().length).toBeGreaterThan(0), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await countByAge(db, action)).toEqual({ 0: 1, 29: 1 }));
    const [first] = bed.logs.prunes();
    // Other tests' old rows may go too: at least ours, two rows per statement.
    expect(first?.deleted).toBeGreaterThanOrEqual(5);
    expect(first?.batches).toBeGreaterThanOrEqual(3);
    expect(first).toMatchObject({ retentionDays: 30, msg: expect.stringMatching(/older than 30 days$/) });
  });

  it('registers one daily schedule however many workers start, and prunes once more at each start', async () => {
    const { db } = (await workerDatabase()).handle;
    const bed = retentionBed();
    const first = await bed.start(db, { retentionDays: 365 });
    // The new schedule's first run and the start-up run.
    await vi.waitFor(() => expect(bed.logs.prunes()).toHaveLength(2), { timeout: 10_000 });
    const next = await first.queue.getDelayed();
    const second = await bed.start(db, { retentionDays: 365 });
    await vi.waitFor(() => expect(bed.logs.prunes()).toHaveLength(3), { timeout: 10_000 });

    for (const retention of [first, second]) {
      expect(await retention.queue.getJobSchedulers()).toEqual([
        expect.objectContaining({ key: AUDIT_RETENTION_SCHEDULER_ID, every: DAY_MS, name: 'prune' }),
      ]);
      expect(await retention.queue.getJobSchedulersCount()).toBe(1);
    }
    expect(first.queue.name).toBe(AUDIT_RETENTION_QUEUE);
    // One next daily run, a day after the first registration: the second start did not move it.
    const after = await first.queue.getDelayed();
    expect(after.map((job) => job.id)).toEqual(next.map((job) => job.id));
    expect(after).toHaveLength(1);
    const runsAt = (after[0]?.timestamp ?? 0) + (after[0]?.delay ?? 0);
    expect(runsAt).toBeGreaterThan(Date.now() + DAY_MS - 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bed.logs.prunes()).toHaveLength(3);
  });
});

import { randomUUID } from 'node:crypto';
import type { Executor } from '@praxis/db';
import { createTestOrg } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from './context';
import type { ApiDeps } from './deps';
import { runTransition, type TransitionSteps } from './lifecycle';
import { createTestDeps, errorOf } from './testing';
import type { AuthedContext } from './trpc';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

interface Org {
  id: string;
  name: string;
}

/** An admin context whose session events are written down, with whether the audit event was committed by then. */
function contextRecordingEvents() {
  const events: string[] = [];
  const committed = async (targetId: string) =>
    (await deps.db.selectFrom('auditEvents').select('id').where('targetId', '=', targetId).execute()).length;
  const req = {
    requestId: randomUUID(),
    ip: null,
    userAgent: null,
    cookie: null,
    authorization: null,
    resHeaders: new Headers(),
    logger: deps.logger,
  };
  const ctx: AuthedContext = {
    ...createContext(deps, req),
    actor: { id: randomUUID(), roles: ['admin'], organizationId: null },
    session: {} as never,
  };
  return { ctx, events, committed };
}

/** Renames an organisation (a real row, so the lock and the write are real queries). */
function renameSteps(org: Org, name: string, extra: Partial<TransitionSteps<Org, { name: string }>> = {}) {
  const lock = (tx: Executor, loaded: Org) =>
    tx
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('id', '=', loaded.id)
      .forUpdate()
      .executeTakeFirst();
  return {
    what: 'Organization',
    load: async () => org,
    lock,
    plan: (locked: Org) => (locked.name === name ? null : { name }),
    write: (tx: Executor, locked: Org, patch: { name: string }) =>
      tx
        .updateTable('organizations')
        .set(patch)
        .where('id', '=', locked.id)
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow(),
    audit: ({ after, sessionsEnded }: { after: Org; sessionsEnded: number }) => ({
      action: 'test.rename',
      targetType: 'organization' as const,
      targetId: after.id,
      organizationId: after.id,
      metadata: { sessionsEnded },
    }),
    ...extra,
  } satisfies TransitionSteps<Org, { name: string }>;
}

const auditedOn = (id: string) =>
  deps.db.selectFrom('auditEvents').select(['action', 'metadata']).where('targetId', '=', id).execute();

describe('runTransition', () => {
  it('writes, audits and, once committed, runs afterCommit when no session ended', async () => {
    const org = await createTestOrg(deps.db);
    const { ctx, events, committed } = contextRecordingEvents();
    const result = await runTransition(
      ctx,
      renameSteps(org, 'Renamed', {
        afterCommit: async ({ before, row }) => {
          events.push(`after ${before.name} -> ${row.name}, audited ${await committed(org.id)}`);
        },
      }),
    );
    expect(result.row.name).toBe('Renamed');
    expect(result.before.name).toBe(org.name);
    expect(events).toEqual([`after ${org.name} -> Renamed, audited 1`]);
    expect(await auditedOn(org.id)).toEqual([{ action: 'test.rename', metadata: { sessionsEnded: 0 } }]);
  });

  it('is a no-op when the plan is null: nothing written or audited', async () => {
    const org = await createTestOrg(deps.db);
    const { ctx } = contextRecordingEvents();
    let guarded = false;
    const result = await runTransition(
      ctx,
      renameSteps(org, org.name, {
        guard: () => {
          guarded = true;
        },
      }),
    );
    expect(result.row).toEqual(result.before);
    expect(guarded).toBe(false);
    expect(await auditedOn(org.id)).toEqual([]);
  });

  it('ends sessions in the transaction and announces them after commit (afterCommit then does not run)', async () => {
    const org = await createTestOrg(deps.db);
    const { ctx, events, committed } = contextRecordingEvents();
    ctx.sessionEvents = {
      ended: async (ids) => {
        events.push(`ended ${ids.join(',')}, audited ${await committed(org.id)}`);
      },
      accessChanged: async () => {},
    };
    await runTransition(
      ctx,
      renameSteps(org, 'Closed', {
        endSessions: async () => ['s1', 's2'],
        afterCommit: async () => {
          events.push('afterCommit');
        },
      }),
    );
    expect(events).toEqual(['ended s1,s2, audited 1']);
    expect(await auditedOn(org.id)).toEqual([{ action: 'test.rename', metadata: { sessionsEnded: 2 } }]);
  });

  it('a guard refusal on the locked row leaves nothing written, audited or announced', async () => {
    const org = await createTestOrg(deps.db);
    const { ctx, events } = contextRecordingEvents();
    const refusal = new Error('refused');
    const attempt = runTransition(
      ctx,
      renameSteps(org, 'Never', {
        guard: (_tx, locked) => {
          if (locked.id === org.id) throw refusal;
        },
        endSessions: async () => ['s1'],
        afterCommit: async () => {
          events.push('afterCommit');
        },
      }),
    );
    await expect(attempt).rejects.toBe(refusal);
    const row = await deps.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', org.id)
      .executeTakeFirst();
    expect(row?.name).toBe(org.name);
    expect(await auditedOn(org.id)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('answers NOT_FOUND naming the record when it is gone by the time it is locked', async () => {
    const org = await createTestOrg(deps.db);
    const { ctx } = contextRecordingEvents();
    await deps.db.deleteFrom('organizations').where('id', '=', org.id).execute();
    const error = await errorOf(runTransition(ctx, renameSteps(org, 'Gone')));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Organization not found');
  });
});

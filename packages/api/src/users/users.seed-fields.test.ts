import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  auditActionsOn,
  clientAdminWithMembers,
  createTestDeps,
  errorOf,
  fieldErrorsOf,
  isStillSignedIn,
  signedIn,
  withIsolatedDatabase,
} from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const DAY = 86_400_000;
const utcDate = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

describe('users.update effectiveDate', () => {
  it('a client admin sets it on a member; the change is audited and shown on the User', async () => {
    const { caller, member } = await clientAdminWithMembers(deps);
    const target = await member();
    expect((await caller.users.get({ id: target.id })).effectiveDate).toBeNull();
    const updated = await caller.users.update({ id: target.id, patch: { effectiveDate: '2020-01-01' } });
    expect(updated.effectiveDate).toBe('2020-01-01');
    expect(updated.isActive).toBe(true);
    const event = await deps.db
      .selectFrom('auditEvents')
      .select('metadata')
      .where('targetId', '=', target.id)
      .where('action', '=', 'users.update')
      .executeTakeFirstOrThrow();
    expect(event.metadata).toMatchObject({ changedFields: ['effectiveDate'] });
    const cleared = await caller.users.update({ id: target.id, patch: { effectiveDate: null } });
    expect(cleared.effectiveDate).toBeNull();
  });

  it('a future date makes the user inactive and ends their sessions at once', async () => {
    const { caller, member } = await clientAdminWithMembers(deps);
    const target = await member();
    const session = await signedIn(deps, target);
    const tomorrow = utcDate(1);
    const updated = await caller.users.update({ id: target.id, patch: { effectiveDate: tomorrow } });
    expect(updated).toMatchObject({ effectiveDate: tomorrow, status: 'active', isActive: false });
    // Ended by the write itself (so live sockets are told), not only refused on the next request.
    const sessions = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', target.id)
      .execute();
    expect(sessions).toEqual([]);
    expect(await isStillSignedIn(deps, session.token)).toBe(false);
  });

  it('may not be written by the user themselves or by a client admin of another organisation', async () => {
    const { user: staff } = await createTestUser(deps.db, { roles: ['staff'] });
    const own = await errorOf(
      (await signedIn(deps, staff)).caller.users.update({
        id: staff.id,
        patch: { effectiveDate: utcDate(5) },
      }),
    );
    expect(own.code).toBe('FORBIDDEN');
    const { caller } = await clientAdminWithMembers(deps);
    const elsewhere = await createTestOrg(deps.db);
    const { user: stranger } = await createTestUser(deps.db, { organizationId: elsewhere.id });
    const foreign = await errorOf(
      caller.users.update({ id: stranger.id, patch: { effectiveDate: utcDate(5) } }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
    const rows = await deps.db
      .selectFrom('users')
      .select('effectiveDate')
      .where('id', 'in', [staff.id, stranger.id])
      .execute();
    expect(rows.map((r) => r.effectiveDate)).toEqual([null, null]);
  });

  it('refuses malformed dates with fieldErrors, never a 500', async () => {
    const { caller, member } = await clientAdminWithMembers(deps);
    const target = await member();
    for (const effectiveDate of ['2026-02-30', '01.12.2026', '2026-12-01T00:00:00Z', '1999-12-31', '']) {
      const error = await errorOf(caller.users.update({ id: target.id, patch: { effectiveDate } }));
      expect({ effectiveDate, code: error.code }).toEqual({ effectiveDate, code: 'BAD_REQUEST' });
      expect(Object.keys(fieldErrorsOf(error))).toEqual(['patch.effectiveDate']);
    }
  });

  it('keeps the last active admin: a future date on them is a CONFLICT and changes nothing', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'] });
      const { caller } = await signedIn(isolated, admin);
      const error = await errorOf(
        caller.users.update({ id: admin.id, patch: { effectiveDate: utcDate(3) } }),
      );
      expect(error.code).toBe('CONFLICT');
      const row = await isolated.db
        .selectFrom('users')
        .select('effectiveDate')
        .where('id', '=', admin.id)
        .executeTakeFirstOrThrow();
      expect(row.effectiveDate).toBeNull();
      // A date already reached keeps them active: allowed.
      const updated = await caller.users.update({ id: admin.id, patch: { effectiveDate: utcDate(0) } });
      expect(updated.isActive).toBe(true);
    } finally {
      await isolated.close();
    }
  });
});

describe('users.list filters.confirmed', () => {
  it('lists users with or without a proven email address', async () => {
    const { caller, me, member } = await clientAdminWithMembers(deps);
    const confirmed = await member({ emailConfirmedAt: new Date() });
    const unconfirmed = await member();
    const ids = async (filters: object) =>
      (await caller.users.list({ filters })).items.map((u) => u.id).sort();
    expect(await ids({ confirmed: true })).toEqual([confirmed.id]);
    expect(await ids({ confirmed: false })).toEqual([me.id, unconfirmed.id].sort());
    const listed = (await caller.users.list({ filters: { confirmed: true } })).items[0];
    expect(listed?.emailConfirmedAt).toBeInstanceOf(Date);
    const bad = await errorOf(caller.users.list({ filters: { confirmed: 'yes' as never } }));
    expect(bad.code).toBe('BAD_REQUEST');
  });
});

describe('users before their effective date', () => {
  it('are not active in lists, users.active, isActive and the dashboard counts alike', async () => {
    const { caller, me, member } = await clientAdminWithMembers(deps);
    const early = await member({ firstName: 'Early', effectiveDate: utcDate(1) });
    const today = await member({ firstName: 'Today', effectiveDate: utcDate(0) });
    const past = await member({ firstName: 'Past', effectiveDate: utcDate(-30) });
    const ids = async (filters: object) =>
      (await caller.users.list({ filters })).items.map((u) => u.id).sort();
    expect(await ids({ active: true })).toEqual([me.id, today.id, past.id].sort());
    expect(await ids({ active: false })).toEqual([early.id]);
    expect((await caller.users.active({})).items.map((u) => u.id).sort()).toEqual(
      [me.id, today.id, past.id].sort(),
    );
    expect((await caller.users.get({ id: early.id })).isActive).toBe(false);
    expect(await caller.dashboard.summary()).toMatchObject({ totalUsers: 4, activeUsers: 3 });
    expect(await auditActionsOn(deps.db, early.id)).toEqual([]);
  });
});

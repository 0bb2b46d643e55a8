import type { Executor } from '@praxis/db';
import { createTestOrg, createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const DAY = 86_400_000;
const utcDate = (time: number) => new Date(time).toISOString().slice(0, 10);
const todayStart = () => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
};

/** An audit event as a sign-in writes it, at a chosen time. */
function auditAt(db: Executor, action: string, organizationId: string, createdAt: Date) {
  return db.insertInto('auditEvents').values({ action, organizationId, createdAt }).execute();
}

/** Each day of the series that is not all zeros, by date. */
const nonZero = (days: Array<{ date: string; signIns: number; newUsers: number }>) =>
  Object.fromEntries(
    days.filter((d) => d.signIns > 0 || d.newUsers > 0).map((d) => [d.date, [d.signIns, d.newUsers]]),
  );

describe('dashboard.activity', () => {
  it("counts completed sign-ins once and new users per UTC day, in the caller's organisation only", async () => {
    const org = await createTestOrg(deps.db);
    const other = await createTestOrg(deps.db);
    const longAgo = new Date(Date.now() - 100 * DAY);
    const { user: admin } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: org.id,
      createdAt: longAgo,
    });
    const { user: member } = await createTestUser(deps.db, { organizationId: org.id });
    const { user: withCode } = await createTestUser(deps.db, {
      organizationId: org.id,
      email2faEnabled: true,
    });
    await createTestUser(deps.db, { organizationId: org.id, createdAt: new Date(todayStart() - 2 * DAY) });
    await createTestUser(deps.db, { organizationId: org.id, archivedAt: new Date() });
    const { user: outsider } = await createTestUser(deps.db, { organizationId: other.id });

    const signIn = (email: string) => callerFor(deps).caller.auth.login({ email, password: TEST_PASSWORD });
    expect((await signIn(member.email)).status).toBe('authenticated');
    expect((await signIn(member.email)).status).toBe('authenticated');
    // The password step of a 2FA sign-in is not a sign-in yet; its code step is.
    expect((await signIn(withCode.email)).status).toBe('2fa_required');
    await auditAt(deps.db, 'auth.2fa_verified', org.id, new Date());
    await auditAt(deps.db, 'auth.login_failed', org.id, new Date());
    expect((await signIn(outsider.email)).status).toBe('authenticated');

    const { caller } = await signedIn(deps, admin);
    const { days } = await caller.dashboard.activity();
    expect(days).toHaveLength(30);
    expect(days.map((d) => d.date)).toEqual(
      Array.from({ length: 30 }, (_, i) => utcDate(todayStart() - (29 - i) * DAY)),
    );
    // Today: member twice and the 2FA code step; member, withCode and the archived one are new,
    // but an archived user is not counted (as in dashboard.summary).
    expect(nonZero(days)).toEqual({
      [utcDate(todayStart())]: [3, 2],
      [utcDate(todayStart() - 2 * DAY)]: [0, 1],
    });
  });

  it('cuts days at midnight UTC and covers exactly the asked number of days', async () => {
    const org = await createTestOrg(deps.db);
    const { user: supervisor } = await createTestUser(deps.db, {
      roles: ['supervisor'],
      organizationId: org.id,
      createdAt: new Date(todayStart() - 200 * DAY),
    });
    const today = todayStart();
    const firstDay = today - 6 * DAY;
    for (const time of [today - 1, today, firstDay - 1, firstDay, firstDay + DAY - 1]) {
      await auditAt(deps.db, 'auth.login', org.id, new Date(time));
      await createTestUser(deps.db, { organizationId: org.id, createdAt: new Date(time) });
    }
    const { caller } = await signedIn(deps, supervisor);
    const { days } = await caller.dashboard.activity({ days: 7 });
    expect(days).toHaveLength(7);
    expect(days[0]?.date).toBe(utcDate(firstDay));
    expect(nonZero(days)).toEqual({
      [utcDate(firstDay)]: [2, 2],
      [utcDate(today - DAY)]: [1, 1],
      [utcDate(today)]: [1, 1],
    });
  });

  it('answers zeros for every day when nothing happened, and a client admin without an organisation sees none', async () => {
    const org = await createTestOrg(deps.db);
    const { user } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: org.id,
      createdAt: new Date(todayStart() - 400 * DAY),
    });
    const { caller } = await signedIn(deps, user);
    const { days } = await caller.dashboard.activity({ days: 90 });
    expect(days).toHaveLength(90);
    expect(days.every((d) => d.signIns === 0 && d.newUsers === 0)).toBe(true);

    const { user: orphan } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId: null });
    await auditAt(deps.db, 'auth.login', org.id, new Date());
    const orphanDays = (await (await signedIn(deps, orphan)).caller.dashboard.activity()).days;
    expect(nonZero(orphanDays)).toEqual({});
  });

  it('refuses a number of days outside 7..90 with field errors', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, user);
    for (const days of [6, 91, 7.5]) {
      const error = await errorOf(caller.dashboard.activity({ days }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(fieldErrorsOf(error)).toHaveProperty('days');
    }
  });
});

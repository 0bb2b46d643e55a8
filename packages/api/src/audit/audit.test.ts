import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

describe('audit.list', () => {
  it('records every admin write with actor, target, organisation, IP and changed fields', async () => {
    const org = await createTestOrg(deps.db);
    const { user: admin } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: org.id,
    });
    const { user: target } = await createTestUser(deps.db, { organizationId: org.id });
    const { caller, ip } = await signedIn(deps, admin);
    await caller.users.update({ id: target.id, patch: { lastName: 'Changed', title: 'Nurse' } });
    await caller.users.archive({ id: target.id });
    const page = await caller.audit.list({ targetId: target.id });
    expect(page).toMatchObject({ total: 2, totalExact: true, page: 1 });
    expect(page.items.map((e) => e.action)).toEqual(['users.archive', 'users.update']);
    expect(page.items[1]).toMatchObject({
      actorId: admin.id,
      targetType: 'user',
      targetId: target.id,
      organizationId: org.id,
      ip,
      metadata: { changedFields: ['lastName', 'title'] },
    });
  });

  it('filters by actor, action (exact or area.*) and time, and pages by cursor', async () => {
    const org = await createTestOrg(deps.db);
    const { user: admin } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: org.id,
    });
    const { caller } = await signedIn(deps, admin);
    const started = new Date();
    for (let i = 0; i < 3; i++) {
      const { user } = await createTestUser(deps.db, { organizationId: org.id });
      await caller.users.disable({ id: user.id });
      await caller.users.enable({ id: user.id });
    }
    expect((await caller.audit.list({ actorId: admin.id, action: 'users.disable' })).total).toBe(3);
    expect((await caller.audit.list({ actorId: admin.id, action: 'users.*' })).total).toBe(6);
    expect((await caller.audit.list({ actorId: admin.id, from: new Date(Date.now() + 60_000) })).total).toBe(
      0,
    );
    expect((await caller.audit.list({ actorId: admin.id, from: started, to: new Date() })).total).toBe(6);
    // A date alone as `to` covers that whole (UTC) day.
    const day = (offset: number) =>
      new Date(started.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await caller.audit.list({ actorId: admin.id, to: day(0) })).total).toBe(6);
    expect((await caller.audit.list({ actorId: admin.id, to: day(-1) })).total).toBe(0);
    const first = await caller.audit.list({ actorId: admin.id, pageSize: 4 });
    const second = await caller.audit.list({
      actorId: admin.id,
      pageSize: 4,
      cursor: first.nextCursor ?? '',
    });
    expect(second.page).toBe(2);
    expect([...first.items, ...second.items].map((e) => e.id)).toHaveLength(6);
    expect(new Set([...first.items, ...second.items].map((e) => e.id)).size).toBe(6);
  });

  it("never shows another organisation's events to a client admin", async () => {
    const orgA = await createTestOrg(deps.db);
    const orgB = await createTestOrg(deps.db);
    const { user: adminB } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: orgB.id,
    });
    const { user: memberB } = await createTestUser(deps.db, { organizationId: orgB.id });
    await (await signedIn(deps, adminB)).caller.users.archive({ id: memberB.id });
    const { user: adminA } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: orgA.id,
    });
    const { caller } = await signedIn(deps, adminA);
    expect((await caller.audit.list({ targetId: memberB.id })).items).toEqual([]);
    expect((await errorOf(caller.audit.list({ actorId: 'nope' } as never))).code).toBe('BAD_REQUEST');
  });
});

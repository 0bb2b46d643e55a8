import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import type { AccessChange } from '../session-events';
import { createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

async function adminOf() {
  const org = await createTestOrg(deps.db);
  const { user } = await createTestUser(deps.db, { roles: ['admin'] });
  return { org, admin: user, ...(await signedIn(deps, user)) };
}

const auditOf = (targetId: string) =>
  deps.db
    .selectFrom('auditEvents')
    .selectAll()
    .where('targetId', '=', targetId)
    .orderBy('createdAt')
    .execute();

describe('users.get', () => {
  it('answers the User shape without any hash, token or code', async () => {
    const { caller, org } = await adminOf();
    const { user } = await createTestUser(deps.db, { roles: ['provider'], organizationId: org.id });
    const found = await caller.users.get({ id: user.id });
    expect(found).toMatchObject({
      id: user.id,
      email: user.email,
      roles: ['provider'],
      organization: { id: org.id, name: org.name },
    });
    expect(found).toMatchObject({ isActive: true, isOnline: false, status: 'active' });
    const serialized = JSON.stringify(found);
    expect(serialized).not.toMatch(/argon2|passwordHash|tokenHash|codeHash/);
    expect(Object.keys(found)).not.toContain('searchText');
  });

  it('answers NOT_FOUND for an unknown id and for a user of an organisation the caller cannot read', async () => {
    const orgA = await createTestOrg(deps.db);
    const orgB = await createTestOrg(deps.db);
    const { user: clientAdmin } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: orgA.id,
    });
    const { user: other } = await createTestUser(deps.db, { organizationId: orgB.id });
    const { caller } = await signedIn(deps, clientAdmin);
    expect((await errorOf(caller.users.get({ id: other.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.users.get({ id: crypto.randomUUID() }))).code).toBe('NOT_FOUND');
  });
});

describe('users.create', () => {
  it('creates a user with firstTimeLogin and queues a set-password mail when no password is given', async () => {
    const { caller, org } = await adminOf();
    const email = uniqueEmail('new');
    const created = await caller.users.create({
      email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      roles: ['staff'],
      organizationId: org.id,
    });
    expect(created).toMatchObject({ email, firstTimeLogin: true, roles: ['staff'], organizationId: org.id });
    const token = await deps.db
      .selectFrom('passwordResetTokens')
      .selectAll()
      .where('userId', '=', created.id)
      .executeTakeFirst();
    expect(token?.purpose).toBe('set_password');
    expect((await auditOf(created.id)).map((e) => e.action)).toEqual(['users.create']);
  });

  it('answers CONFLICT with fieldErrors.email for a taken email, whatever its case', async () => {
    const { caller } = await adminOf();
    const { user } = await createTestUser(deps.db);
    const error = await errorOf(
      caller.users.create({
        email: user.email.toUpperCase(),
        firstName: 'A',
        lastName: 'B',
        roles: ['staff'],
        password: 'a long password 1',
      }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(fieldErrorsOf(error).email).toBeDefined();
  });
});

describe('users.update', () => {
  it('changes writable fields, records the changed field names, and refuses unknown or read-only ones', async () => {
    const { caller, admin } = await adminOf();
    const { user } = await createTestUser(deps.db);
    const updated = await caller.users.update({
      id: user.id,
      patch: { firstName: 'Grace', clinical: true, npi: '1234567893' },
    });
    expect(updated).toMatchObject({ firstName: 'Grace', clinical: true, npi: '1234567893' });
    const [event] = await auditOf(user.id);
    expect(event).toMatchObject({ action: 'users.update', actorId: admin.id });
    expect(event?.metadata).toEqual({ changedFields: ['firstName', 'clinical', 'npi'] });
    const readOnly = await errorOf(
      caller.users.update({ id: user.id, patch: { roles: ['admin'] } as never }),
    );
    expect(readOnly.code).toBe('BAD_REQUEST');
  });

  it('keeps emails unique: a taken one is CONFLICT on email, and nothing changes', async () => {
    const { caller } = await adminOf();
    const { user } = await createTestUser(deps.db);
    const { user: other } = await createTestUser(deps.db);
    const error = await errorOf(
      caller.users.update({ id: user.id, patch: { email: other.email.toUpperCase() } }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(fieldErrorsOf(error).email).toEqual(['This email is already in use']);
    expect((await caller.users.get({ id: user.id })).email).toBe(user.email);
  });

  it('checks NPIs with the CMS Luhn rule in update and updateNpi', async () => {
    const { caller } = await adminOf();
    const { user } = await createTestUser(deps.db, { roles: ['provider'] });
    const viaUpdate = await errorOf(caller.users.update({ id: user.id, patch: { npi: '1234567890' } }));
    expect(viaUpdate.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(viaUpdate)['patch.npi']).toBeDefined();
    const viaUpdateNpi = await errorOf(caller.users.updateNpi({ id: user.id, npi: '123456789' }));
    expect(viaUpdateNpi.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(viaUpdateNpi).npi).toBeDefined();
    expect((await caller.users.updateNpi({ id: user.id, npi: '1245319599' })).npi).toBe('1245319599');
  });

  it('writes nothing when the patch changes nothing', async () => {
    const { caller } = await adminOf();
    const { user } = await createTestUser(deps.db, { firstName: 'Same' });
    await caller.users.update({ id: user.id, patch: { firstName: 'Same' } });
    expect(await auditOf(user.id)).toEqual([]);
  });
});

describe('live connections follow a change of rights', () => {
  it('promote, demote, a move and a profile role change each report old and new rights; no-ops report nothing', async () => {
    const changes: AccessChange[][] = [];
    const sessionEvents = {
      ended: async () => {},
      accessChanged: async (reported: readonly AccessChange[]) => void changes.push([...reported]),
    };
    const [org, other] = [await createTestOrg(deps.db), await createTestOrg(deps.db)];
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { user } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id });
    const { caller } = await signedIn({ ...deps, sessionEvents }, admin);
    const rights = (roles: string[], organizationId: string | null) => ({
      id: user.id,
      roles,
      organizationId,
    });

    await caller.users.promote({ id: user.id, role: 'client_admin' });
    await caller.users.promote({ id: user.id, role: 'client_admin' });
    await caller.users.demote({ id: user.id, role: 'client_admin' });
    await caller.users.update({ id: user.id, patch: { organizationId: other.id } });
    await caller.users.update({ id: user.id, patch: { firstName: 'Only a name' } });
    await caller.profiles.upsert({ userId: user.id, account: { isOrgAdmin: true } });

    expect(changes.filter((reported) => reported.length > 0)).toEqual([
      [{ before: rights(['staff'], org.id), after: rights(['staff', 'client_admin'], org.id) }],
      [{ before: rights(['staff', 'client_admin'], org.id), after: rights(['staff'], org.id) }],
      [{ before: rights(['staff'], org.id), after: rights(['staff'], other.id) }],
      [{ before: rights(['staff'], other.id), after: rights(['staff', 'client_admin'], other.id) }],
    ]);
  });
});

describe('users.update of one’s own email', () => {
  it('takes the current password, as profiles.upsert does; another user’s email does not', async () => {
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    const wanted = uniqueEmail('own');
    const missing = await errorOf(caller.users.update({ id: admin.id, patch: { email: wanted } }));
    expect(fieldErrorsOf(missing)).toHaveProperty(['currentPassword']);
    const wrong = await errorOf(
      caller.users.update({ id: admin.id, patch: { email: wanted }, currentPassword: 'not it at all' }),
    );
    expect(fieldErrorsOf(wrong)).toHaveProperty(['currentPassword']);
    const updated = await caller.users.update({
      id: admin.id,
      patch: { email: wanted },
      currentPassword: TEST_PASSWORD,
    });
    expect(updated.email).toBe(wanted);

    const { user: other } = await createTestUser(deps.db);
    const moved = uniqueEmail('theirs');
    expect((await caller.users.update({ id: other.id, patch: { email: moved } })).email).toBe(moved);
  });
});

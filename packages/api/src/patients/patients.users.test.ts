import { createTestOrg, createTestUser } from '@praxis/db/testing';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

// The User shape's `patients` and users.list's `patientName` filter.
let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

/** A clinic with a client admin, and a helper that creates a patient linked to parents. */
async function clinic() {
  const org = await createTestOrg(deps.db);
  const { user: admin } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId: org.id });
  const { caller } = await signedIn(deps, admin);
  const parent = async (firstName = 'Parent') =>
    (await createTestUser(deps.db, { roles: ['parent'], organizationId: org.id, firstName })).user;
  const patient = async (firstName: string, lastName: string, parentIds: string[]) => {
    const created = await caller.patients.create({ firstName, lastName });
    for (const userId of parentIds) await caller.patients.link({ id: created.id, userId });
    return created;
  };
  return { org, admin, caller, parent, patient };
}

describe('the User shape’s patients', () => {
  it('lists a parent’s unarchived patients by name, and is empty for everyone else', async () => {
    const { caller, parent, patient, admin } = await clinic();
    const mum = await parent();
    const zed = await patient('Zed', 'Young', [mum.id]);
    const amy = await patient('Amy', 'Young', [mum.id]);
    const gone = await patient('Gone', 'Young', [mum.id]);
    await caller.patients.archive({ id: gone.id });
    await caller.patients.update({ id: zed.id, patch: { active: false } });

    const got = await caller.users.get({ id: mum.id });
    expect(got.patients).toEqual([
      { id: amy.id, firstName: 'Amy', lastName: 'Young', active: true },
      { id: zed.id, firstName: 'Zed', lastName: 'Young', active: false },
    ]);
    expect((await caller.users.get({ id: admin.id })).patients).toEqual([]);
    const listed = await caller.users.list({ filters: { roles: ['parent'] } });
    expect(listed.items.find((u) => u.id === mum.id)?.patients.map((p) => p.id)).toEqual([amy.id, zed.id]);
  });

  it("loads the patients of a whole users.list page in one statement (the page's own), no query per user", async () => {
    const { parent, patient, admin } = await clinic();
    for (let i = 0; i < 12; i++) {
      const p = await parent(`P${i}`);
      await patient(`Kid${i}`, 'One', [p.id]);
      await patient(`Kid${i}`, 'Two', [p.id]);
    }
    let patientQueries = 0;
    const counter: KyselyPlugin = {
      transformQuery(args) {
        // A table node or raw SQL: the page statement names the lists table in its patients column.
        if (JSON.stringify(args.node).includes('user_patient_lists')) patientQueries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const { token } = await signedIn(deps, admin);
    const counted = callerFor({ ...deps, db: deps.db.withPlugin(counter) }, { token }).caller;
    const page = await counted.users.list({ pageSize: 20, filters: { roles: ['parent'] } });
    expect(page.items.filter((u) => u.patients.length === 2)).toHaveLength(12);
    expect(patientQueries).toBe(1);
  });
});

describe('users.list filters.patientName', () => {
  it('finds the users linked to a patient whose name matches, case-insensitive, inside the caller’s scope', async () => {
    const { caller, parent, patient } = await clinic();
    const [mum, dad, other] = [await parent('Mum'), await parent('Dad'), await parent('Other')];
    await patient('Philippa', 'Quokkaworth', [mum.id, dad.id]);
    await patient('Sam', 'Elsewhere', [other.id]);
    const archived = await patient('Archie', 'Quokkaworth', [other.id]);
    await caller.patients.archive({ id: archived.id });

    const ids = async (patientName: string) =>
      (await caller.users.list({ filters: { patientName }, pageSize: 100 })).items.map((u) => u.id).sort();
    expect(await ids('QUOKKAWORTH')).toEqual([mum.id, dad.id].sort());
    expect(await ids('philippa quokka')).toEqual([mum.id, dad.id].sort());
    expect(await ids('Elsewhere')).toEqual([other.id]);
    expect(await ids('nobody-like-this')).toEqual([]);
    // Wildcards are literal characters.
    expect(await ids('%')).toEqual([]);
    const counted = await caller.users.list({ filters: { patientName: 'quokkaworth' } });
    expect(counted.total).toBe(2);

    // Another organisation's client admin sees none of them.
    const elsewhere = await clinic();
    const theirs = await elsewhere.caller.users.list({ filters: { patientName: 'Quokkaworth' } });
    expect(theirs.items.map((u) => u.id)).not.toContain(mum.id);
  });

  it('refuses an empty or oversized patientName with a field error', async () => {
    const { caller } = await clinic();
    const empty = await errorOf(caller.users.list({ filters: { patientName: '' } }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(Object.keys(fieldErrorsOf(empty)).join()).toContain('patientName');
    const long = await errorOf(caller.users.list({ filters: { patientName: 'x'.repeat(201) } }));
    expect(long.code).toBe('BAD_REQUEST');
  });
});

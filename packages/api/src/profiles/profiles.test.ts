import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const VALID_NPI = '1234567893';
const home = {
  addressLine1: '1 Main St',
  addressLine2: 'Suite 2',
  city: 'Springfield',
  state: 'IL',
  country: 'US',
  zipcode: '62701',
};
const office = { addressLine1: '9 Side Rd', city: 'Shelbyville' };

async function member(roles: Parameters<typeof createTestUser>[1] = {}) {
  const { user } = await createTestUser(deps.db, roles);
  return { user, ...(await signedIn(deps, user)) };
}

describe('profiles.upsert / get', () => {
  it('a user writes the four sections of their own profile and reads them back', async () => {
    const org = await createTestOrg(deps.db);
    const { user, caller } = await member({ roles: ['staff'], organizationId: org.id });
    const result = await caller.profiles.upsert({
      userId: user.id,
      personal: {
        userloginname: `login${user.id.slice(0, 8)}`,
        firstName: 'Grace',
        lastName: 'Hopper',
        gender: 'female',
        phoneNumber: '+1 555 0100',
        dob: '1906-12-09',
        image: 'https://img.example.test/grace.png',
        timezone: 'America/New_York',
      },
      addresses: [home, office],
      account: { loginid: 'ghopper' },
      professional: { npi: VALID_NPI, role: 'staff' },
    });
    expect(result).toEqual({ success: true });
    const profile = await caller.profiles.get({ userId: user.id });
    expect(profile).toEqual({
      userId: user.id,
      personal: {
        userloginname: `login${user.id.slice(0, 8)}`,
        firstName: 'Grace',
        lastName: 'Hopper',
        email: user.email,
        gender: 'female',
        phoneNumber: '+1 555 0100',
        dob: '1906-12-09',
        image: 'https://img.example.test/grace.png',
        timezone: 'America/New_York',
      },
      addresses: [home, { ...office, addressLine2: null, state: null, country: null, zipcode: null }],
      account: { loginid: 'ghopper', orgid: org.id, isOrgAdmin: false },
      professional: { npi: VALID_NPI, role: 'staff' },
    });
    // The same columns back the User shape.
    const row = await deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      firstName: 'Grace',
      npi: VALID_NPI,
      dateOfBirth: '1906-12-09',
      imageUrl: 'https://img.example.test/grace.png',
    });
  });

  it('replaces addresses as a set and leaves omitted sections untouched', async () => {
    const { user, caller } = await member();
    await caller.profiles.upsert({
      userId: user.id,
      addresses: [home, office],
      personal: { firstName: 'Ada' },
    });
    await caller.profiles.upsert({ userId: user.id, addresses: [office] });
    let profile = await caller.profiles.get({ userId: user.id });
    expect(profile.addresses.map((a) => a.addressLine1)).toEqual([office.addressLine1]);
    expect(profile.personal.firstName).toBe('Ada');
    await caller.profiles.upsert({ userId: user.id, addresses: [] });
    profile = await caller.profiles.get({ userId: user.id });
    expect(profile.addresses).toEqual([]);
  });

  it('writes nothing when a later section fails (unknown organisation)', async () => {
    const { caller: admin } = await member({ roles: ['admin'] });
    const { user } = await createTestUser(deps.db, { firstName: 'Before' });
    await admin.profiles.upsert({ userId: user.id, addresses: [home] });
    const error = await errorOf(
      admin.profiles.upsert({
        userId: user.id,
        personal: { firstName: 'After', phoneNumber: '555' },
        addresses: [office, office],
        account: { orgid: crypto.randomUUID(), loginid: 'changed' },
        professional: { npi: VALID_NPI },
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(error)).toEqual({ 'account.orgid': ['No such organisation'] });
    const profile = await admin.profiles.get({ userId: user.id });
    expect(profile.personal).toMatchObject({ firstName: 'Before', phoneNumber: null });
    expect(profile.addresses.map((a) => a.addressLine1)).toEqual([home.addressLine1]);
    expect(profile.account.loginid).toBeNull();
    expect(profile.professional.npi).toBeNull();
    const audited = await deps.db
      .selectFrom('auditEvents')
      .select('action')
      .where('targetId', '=', user.id)
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['profiles.upsert']);
  });

  it('enforces the length limits of the profile fields and the NPI check with field errors', async () => {
    const { user, caller } = await member();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ personal: { phoneNumber: '1'.repeat(21) } }, 'personal.phoneNumber'],
      [{ personal: { timezone: 'x'.repeat(156) } }, 'personal.timezone'],
      [{ personal: { timezone: 'Mars/Olympus' } }, 'personal.timezone'],
      [{ personal: { firstName: 'x'.repeat(256) } }, 'personal.firstName'],
      [{ personal: { userloginname: 'x'.repeat(256) } }, 'personal.userloginname'],
      [{ personal: { email: 'not-an-email' } }, 'personal.email'],
      [{ personal: { dob: '1990-02-31' } }, 'personal.dob'],
      [{ professional: { npi: '1234567890' } }, 'professional.npi'],
      [{ professional: { npi: '1'.repeat(129) } }, 'professional.npi'],
      [{ professional: { role: 'admin' } }, 'professional.role'],
      [{ addresses: [{ addressLine1: '' }] }, 'addresses.0.addressLine1'],
      [{ addresses: [{ ...home, city: 'x'.repeat(256) }] }, 'addresses.0.city'],
    ];
    for (const [sections, field] of cases) {
      const error = await errorOf(caller.profiles.upsert({ userId: user.id, ...sections } as never));
      expect(error.code, field).toBe('BAD_REQUEST');
      expect(Object.keys(fieldErrorsOf(error)), field).toEqual([field]);
    }
  });

  it('answers CONFLICT on the field when the email or login name is taken', async () => {
    const { user: other } = await createTestUser(deps.db, { username: `taken${Date.now()}` });
    const { user, caller } = await member();
    const email = await errorOf(
      caller.profiles.upsert({
        userId: user.id,
        personal: { email: other.email },
        currentPassword: TEST_PASSWORD,
      }),
    );
    expect(email.code).toBe('CONFLICT');
    expect(fieldErrorsOf(email)).toHaveProperty(['personal.email']);
    const login = await errorOf(
      caller.profiles.upsert({
        userId: user.id,
        personal: { userloginname: other.username?.toUpperCase() ?? '' },
      }),
    );
    expect(login.code).toBe('CONFLICT');
    expect(fieldErrorsOf(login)).toHaveProperty(['personal.userloginname']);
  });
});

describe('profiles: changing an email', () => {
  it("takes the user's current password to change their own email; nothing changes without it", async () => {
    const { user, caller } = await member();
    const wanted = uniqueEmail('moved');
    const emailNow = async () =>
      (await deps.db.selectFrom('users').select('email').where('id', '=', user.id).executeTakeFirstOrThrow())
        .email;

    const missing = await errorOf(caller.profiles.upsert({ userId: user.id, personal: { email: wanted } }));
    expect(missing.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(missing)).toHaveProperty(['currentPassword']);
    const wrong = await errorOf(
      caller.profiles.upsert({
        userId: user.id,
        personal: { email: wanted, firstName: 'Changed' },
        currentPassword: 'not the password at all',
      }),
    );
    expect(fieldErrorsOf(wrong)).toHaveProperty(['currentPassword']);
    expect(await emailNow()).toBe(user.email);

    // Saving the form with the email unchanged needs no password.
    await caller.profiles.upsert({ userId: user.id, personal: { email: user.email.toUpperCase() } });
    await caller.profiles.upsert({
      userId: user.id,
      personal: { email: wanted },
      currentPassword: TEST_PASSWORD,
    });
    expect(await emailNow()).toBe(wanted);
  });

  it("an admin changes another user's email without that user's password", async () => {
    const { user } = await createTestUser(deps.db);
    const admin = await member({ roles: ['admin'] });
    const wanted = uniqueEmail('by-admin');
    await admin.caller.profiles.upsert({ userId: user.id, personal: { email: wanted } });
    const row = await deps.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.email).toBe(wanted);
  });
});

describe('profiles: who may do what', () => {
  it('a user cannot make themself org admin, move to another organisation or change their role', async () => {
    const org = await createTestOrg(deps.db);
    const other = await createTestOrg(deps.db);
    const { user, caller } = await member({ roles: ['staff'], organizationId: org.id });
    for (const sections of [
      { account: { isOrgAdmin: true } },
      { account: { orgid: other.id } },
      { account: { orgid: null } },
      { professional: { role: 'provider' as const } },
    ]) {
      expect((await errorOf(caller.profiles.upsert({ userId: user.id, ...sections }))).code).toBe(
        'FORBIDDEN',
      );
    }
    // Echoing the current values back changes nothing and is allowed.
    await caller.profiles.upsert({
      userId: user.id,
      account: { isOrgAdmin: false, orgid: org.id },
      professional: { role: 'staff' },
    });
    const row = await deps.db
      .selectFrom('users')
      .select(['roles', 'organizationId'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ roles: ['staff'], organizationId: org.id });
  });

  it('a client admin manages profiles in their organisation only, within their rights', async () => {
    const org = await createTestOrg(deps.db);
    const { user: clientAdmin, caller } = await member({ roles: ['client_admin'], organizationId: org.id });
    const { user: staff } = await createTestUser(deps.db, {
      roles: ['staff', 'billing'],
      organizationId: org.id,
    });
    await caller.profiles.upsert({
      userId: staff.id,
      account: { isOrgAdmin: true },
      professional: { role: 'provider' },
    });
    const profile = await caller.profiles.get({ userId: staff.id });
    expect(profile.account.isOrgAdmin).toBe(true);
    expect(profile.professional.role).toBe('provider');
    const { roles } = await deps.db
      .selectFrom('users')
      .select('roles')
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    // The role the profile showed (staff) gave way to provider; billing stays.
    expect([...roles].sort()).toEqual(['billing', 'client_admin', 'provider']);

    const outsider = (await createTestUser(deps.db, { organizationId: (await createTestOrg(deps.db)).id }))
      .user;
    expect((await errorOf(caller.profiles.get({ userId: outsider.id }))).code).toBe('NOT_FOUND');
    expect(
      (await errorOf(caller.profiles.upsert({ userId: outsider.id, personal: { firstName: 'x' } }))).code,
    ).toBe('NOT_FOUND');
    const away = await errorOf(
      caller.profiles.upsert({ userId: staff.id, account: { orgid: outsider.organizationId } }),
    );
    expect(away.code).toBe('FORBIDDEN');
    // The self rule of users.demote: FORBIDDEN (it was CONFLICT here before the rules were shared).
    const ownDemotion = await errorOf(
      caller.profiles.upsert({ userId: clientAdmin.id, account: { isOrgAdmin: false } }),
    );
    expect(ownDemotion.code).toBe('FORBIDDEN');
  });

  it('an admin moves a user to another organisation through the profile', async () => {
    const { caller } = await member({ roles: ['admin'] });
    const from = await createTestOrg(deps.db);
    const to = await createTestOrg(deps.db);
    const { user } = await createTestUser(deps.db, { organizationId: from.id });
    await caller.profiles.upsert({ userId: user.id, account: { orgid: to.id } });
    expect((await caller.profiles.get({ userId: user.id })).account.orgid).toBe(to.id);
  });

  it('readers who may not write a user get FORBIDDEN; others do not learn the user exists', async () => {
    const org = await createTestOrg(deps.db);
    const { user: target } = await createTestUser(deps.db, { organizationId: org.id });
    const { caller: supervisor } = await member({ roles: ['supervisor'], organizationId: org.id });
    const { caller: staff } = await member({ roles: ['staff'], organizationId: org.id });
    expect((await errorOf(supervisor.profiles.get({ userId: target.id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(staff.profiles.get({ userId: target.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(staff.profiles.get({ userId: crypto.randomUUID() }))).code).toBe('NOT_FOUND');
  });
});

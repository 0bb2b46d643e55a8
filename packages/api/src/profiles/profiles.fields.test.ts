import { createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

// users.update and profiles.upsert write the same columns: the same value gets the same field
// error (under each procedure's own field name) or is accepted by both.

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

// [users.update patch field, profiles.upsert personal field, values to try]
const FIELDS: Array<[string, string, unknown[]]> = [
  ['username', 'userloginname', ['ab', 'x'.repeat(65), 'with space', 'x'.repeat(256)]],
  ['firstName', 'firstName', ['x'.repeat(256)]],
  ['gender', 'gender', ['x'.repeat(51), 'x'.repeat(255)]],
  ['phoneNumber', 'phoneNumber', ['1'.repeat(21)]],
  ['timezone', 'timezone', ['Mars/Olympus', '+05:00', 'x'.repeat(156)]],
  ['dateOfBirth', 'dob', ['1899-12-31', inTwoDays, '1990-02-31', '31/01/1990']],
  ['imageUrl', 'image', ['javascript:alert(1)', 'not a url']],
  ['email', 'email', ['not-an-email']],
];

describe('one schema per user field', () => {
  it('refuses the same values with the same messages through users.update and profiles.upsert', async () => {
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    const { user } = await createTestUser(deps.db);
    for (const [userField, profileField, values] of FIELDS) {
      for (const value of values) {
        const viaUsers = await errorOf(caller.users.update({ id: user.id, patch: { [userField]: value } }));
        const viaProfile = await errorOf(
          caller.profiles.upsert({ userId: user.id, personal: { [profileField]: value } }),
        );
        const label = `${userField}=${String(value).slice(0, 20)}`;
        expect([viaUsers.code, viaProfile.code], label).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
        const usersErrors = fieldErrorsOf(viaUsers);
        expect(Object.keys(usersErrors), label).toEqual([`patch.${userField}`]);
        expect(fieldErrorsOf(viaProfile), label).toEqual({
          [`personal.${profileField}`]: usersErrors[`patch.${userField}`],
        });
      }
    }
  });

  it('accepts the same values through both and stores them alike', async () => {
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    const [{ user: a }, { user: b }] = [await createTestUser(deps.db), await createTestUser(deps.db)];
    const values = {
      firstName: '  Grace ',
      gender: 'x'.repeat(50),
      phoneNumber: '+1 555 0100',
      timezone: 'Asia/Kolkata',
      dateOfBirth: '1900-01-01',
      imageUrl: 'https://img.example.test/g.png',
    };
    await caller.users.update({ id: a.id, patch: { ...values, username: `  u.${a.id.slice(0, 8)}  ` } });
    await caller.profiles.upsert({
      userId: b.id,
      personal: {
        firstName: values.firstName,
        gender: values.gender,
        phoneNumber: values.phoneNumber,
        timezone: values.timezone,
        dob: values.dateOfBirth,
        image: values.imageUrl,
        userloginname: `  u.${b.id.slice(0, 8)}  `,
      },
    });
    const rows = await deps.db
      .selectFrom('users')
      .select(['id', 'username', 'firstName', 'gender', 'phoneNumber', 'timezone', 'dateOfBirth', 'imageUrl'])
      .where('id', 'in', [a.id, b.id])
      .execute();
    const shown = (id: string) => {
      const { id: _, username, ...rest } = rows.find((row) => row.id === id) ?? {};
      return { ...rest, username: username?.slice(0, 2) };
    };
    expect(shown(a.id)).toEqual({ ...values, firstName: 'Grace', username: 'u.' });
    expect(shown(b.id)).toEqual(shown(a.id));
  });
});

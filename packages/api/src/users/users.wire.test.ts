import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializeJson } from '../json-transformer';
import { toUser, type UserShapeRow } from './users.mapper';
import { writeUserPage } from './users.wire';

// Strings JSON must escape or that UTF-16 makes awkward, beside ordinary ones.
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '"quoted"',
    'back\\slash',
    'tab\tnew\nline',
    '\u0000\u001f',
    '\ud800 lone',
    'é 日本 🙂',
    '\u2028',
  ),
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const date = fc.date({
  noInvalidDate: true,
  min: new Date(-62_000_000_000_000),
  max: new Date(300_000_000_000_000),
});

const row = fc.record({
  id: fc.uuid(),
  email: text,
  username: maybe(text),
  firstName: text,
  lastName: text,
  title: maybe(text),
  phoneNumber: maybe(text),
  dateOfBirth: maybe(fc.constantFrom('1990-01-31', '2001-12-01')),
  gender: maybe(text),
  timezone: maybe(text),
  imageUrl: maybe(text),
  roles: fc.array(fc.constantFrom('admin', 'client_admin', 'provider', 'parent'), { maxLength: 3 }),
  status: fc.constantFrom('active', 'inactive', 'pending', 'suspended'),
  archivedAt: maybe(date),
  approvedAt: maybe(date),
  suspendedUntil: maybe(date),
  clinical: fc.boolean(),
  npi: maybe(text),
  tin: maybe(text),
  company: maybe(text),
  companyUrl: maybe(text),
  registryId: maybe(text),
  registryName: maybe(text),
  providerSignature: fc.boolean(),
  providerSignatureUrl: maybe(text),
  primaryPracticeAddress: maybe(text),
  physicianOnlyResults: fc.boolean(),
  email2faEnabled: fc.boolean(),
  firstTimeLogin: fc.boolean(),
  organizationId: maybe(fc.uuid()),
  locations: fc.array(maybe(text), { maxLength: 3 }),
  providerIds: fc.array(text, { maxLength: 3 }),
  lastActivity: maybe(date),
  lastLoginAt: maybe(date),
  emailConfirmedAt: maybe(date),
  licenseAcceptedAt: maybe(date),
  effectiveDate: maybe(fc.constantFrom('2026-01-01', '2030-06-15')),
  createdAt: date,
  updatedAt: date,
}) as unknown as fc.Arbitrary<UserShapeRow>;

const patient = fc.record({ id: fc.uuid(), firstName: text, lastName: text, active: fc.boolean() });

const listedUser = fc
  .record({
    row,
    organization: maybe(
      fc.record({ id: fc.uuid(), name: text, status: fc.constantFrom('active', 'inactive') }),
    ),
    isOnline: fc.constantFrom(true, false, null),
    patients: fc.oneof(fc.constant([]), fc.array(patient, { minLength: 1, maxLength: 3 })),
    now: date,
  })
  .map(({ row, organization, isOnline, patients, now }) =>
    toUser(
      row,
      organization && { ...organization, archivedAt: null },
      { isOnline, lastActivity: row.lastActivity },
      now,
      patients,
    ),
  );

const page = fc.record({
  items: fc.array(listedUser, { maxLength: 6 }),
  page: fc.integer({ min: 1, max: 10_000 }),
  pageSize: fc.integer({ min: 1, max: 100 }),
  total: fc.nat(),
  totalPages: fc.nat(),
  totalExact: fc.boolean(),
  nextCursor: maybe(text),
});

describe('a page of users written from its template', () => {
  it('is the text the generic path writes, for every field and kind of value', () => {
    fc.assert(
      fc.property(page, (answer) => {
        const written = writeUserPage(answer);
        expect(written).toBeDefined();
        expect(written).toBe(JSON.stringify(serializeJson(answer)));
        // What clients read back: the same page, Dates and all.
        expect(superjson.deserialize(JSON.parse(written as string))).toEqual(answer);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves to the generic path what it does not know', () => {
    const [user] = fc.sample(listedUser, { numRuns: 1, seed: 7 });
    const base = {
      items: [user],
      page: 1,
      pageSize: 20,
      total: 1,
      totalPages: 1,
      totalExact: true,
      nextCursor: null,
    };
    expect(writeUserPage(base)).toBe(JSON.stringify(serializeJson(base)));
    // A field neither the page nor the user template knows is not dropped.
    expect(writeUserPage({ ...base, extra: 1 })).toBeUndefined();
    expect(writeUserPage({ ...base, items: [{ ...user, extra: 1 }] })).toBeUndefined();
    // A Date that is not a valid one, a number superjson writes apart, a value of another kind.
    expect(writeUserPage({ ...base, items: [{ ...user, createdAt: new Date(Number.NaN) }] })).toBeUndefined();
    expect(writeUserPage({ ...base, total: -0 })).toBeUndefined();
    expect(writeUserPage({ ...base, items: [{ ...user, isActive: 'yes' }] })).toBeUndefined();
    expect(writeUserPage(null)).toBeUndefined();
  });
});

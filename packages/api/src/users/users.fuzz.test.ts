import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, signedIn } from '../testing';

// Random input to every users procedure, as an admin: whatever arrives, the answer is a result or
// a client error (never INTERNAL_SERVER_ERROR, never a crash), and a BAD_REQUEST names its fields.

let deps: ApiDeps & { close(): Promise<void> };
let caller: Awaited<ReturnType<typeof signedIn>>['caller'];
let knownIds: string[];
beforeAll(async () => {
  deps = await createTestDeps();
  const org = await createTestOrg(deps.db);
  const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
  caller = (await signedIn(deps, admin)).caller;
  const members = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      createTestUser(deps.db, { organizationId: org.id, roles: i % 2 ? ['provider'] : ['staff', 'billing'] }),
    ),
  );
  knownIds = [admin.id, org.id, ...members.map((m) => m.user.id)];
});
afterAll(() => deps.close());

const nasty = fc.constantFrom(
  '%',
  '_',
  '\\',
  '\u0000',
  "'; drop table users; --",
  'ß',
  'İ',
  '\uD800',
  '',
  ' ',
  'ASC',
  'desc',
  '1234567893',
);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 300 }), nasty);
const id = fc.oneof(fc.uuid(), fc.constantFrom(...Array.from({ length: 8 }, (_, i) => `known:${i}`)), text);
const date = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.constantFrom('2026-01-31', '0000-01-01', '2026-02-30', '+275760-09-13T00:00:00.000Z'),
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  date,
  fc.bigInt(),
);
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 5 }),
  fc.array(id, { maxLength: 600 }),
  fc.anything({ maxDepth: 2 }),
);

/** Cursors shaped like real ones (base64url JSON) with odd contents. */
const forgedCursor = fc
  .tuple(
    fc.constantFrom(
      'users:createdAt:desc',
      'users:email:asc',
      'users:lastActivity:desc',
      'audit:createdAt:desc',
    ),
    fc.oneof(
      text,
      fc.constantFrom(
        '2026-02-30 10:00:00+00',
        '-infinity',
        '2026-01-01 25:00:00+00',
        '99999-01-01 00:00:00+00',
      ),
    ),
    fc.oneof(fc.uuid(), text),
    fc.oneof(fc.integer({ min: -1, max: 5 }), fc.double()),
  )
  .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url'));
const encodeKey = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

const FIELDS = [
  'id',
  'ids',
  'page',
  'pageSize',
  'cursor',
  'sortBy',
  'sortDir',
  'search',
  'filters',
  'patch',
  'role',
  'npi',
  'until',
  'reason',
  'action',
  'email',
  'firstName',
  'lastName',
  'roles',
  'organizationId',
  'password',
];
const FILTER_FIELDS = [
  'active',
  'roles',
  'status',
  'clinical',
  'organizationId',
  'online',
  'archived',
  'createdFrom',
  'createdTo',
];
const PATCH_FIELDS = [
  'email',
  'username',
  'firstName',
  'dateOfBirth',
  'npi',
  'imageUrl',
  'locations',
  'providerIds',
  'organizationId',
  'clinical',
];

const fieldsOf = (keys: string[], inner: fc.Arbitrary<unknown>) =>
  fc.dictionary(fc.constantFrom(...keys), inner, { maxKeys: 6 });

/** Mostly valid values of each field, so calls get past validation and reach the database. */
const nearlyValid = fc
  .record(
    {
      id,
      ids: fc.array(id, { maxLength: 5 }),
      cursor: forgedCursor,
      sortBy: fc.constantFrom('createdAt', 'email', 'firstName', 'lastName', 'lastActivity', 'lastLoginAt'),
      sortDir: fc.constantFrom('asc', 'DESC'),
      search: text,
      pageSize: fc.integer({ min: 1, max: 100 }),
      role: fc.constantFrom('admin', 'provider', 'staff', 'support'),
      action: fc.constantFrom('archive', 'unarchive', 'enable', 'disable', 'approve'),
      npi: fc.oneof(fc.constantFrom('1234567893', '1245319599'), text),
      until: fc.oneof(fc.date({ min: new Date(Date.now() + 60_000), max: new Date('9999-01-01') }), date),
      reason: text,
      filters: fc.record(
        {
          active: fc.boolean(),
          archived: fc.boolean(),
          online: fc.boolean(),
          clinical: fc.boolean(),
          roles: fc.array(fc.constantFrom('provider', 'staff', 'admin'), { maxLength: 3 }),
          status: fc.array(fc.constantFrom('pending', 'active', 'inactive', 'suspended'), { maxLength: 3 }),
          createdFrom: date,
          createdTo: date,
          organizationId: id,
        },
        { requiredKeys: [] },
      ),
      patch: fc.record(
        {
          firstName: text,
          email: fc.oneof(fc.emailAddress(), text),
          username: text,
          dateOfBirth: fc.oneof(fc.constantFrom('1980-01-31', '1899-12-31', '2999-01-01'), text),
          npi: text,
          locations: fc.array(text, { maxLength: 3 }),
          organizationId: id,
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .chain((fields) =>
    // Half the cursors are made for the list's own sort, so they get past the sort check.
    fc
      .tuple(
        fc.boolean(),
        fc.constantFrom('2026-02-30 10:00:00+00', '2026-01-01 10:00:00+00', '-infinity', 'zz', '\u0000'),
      )
      .map(([matching, value]) => {
        if (!matching || fields.cursor === undefined) return fields;
        const sort = `users:${fields.sortBy ?? 'createdAt'}:${(fields.sortDir ?? 'desc').toLowerCase()}`;
        return { ...fields, cursor: encodeKey([sort, value, '00000000-0000-4000-8000-000000000000', 2]) };
      }),
  );

/** Inputs near the real shapes (right keys, wrong or odd values) plus anything at all. */
const input = fc.oneof(
  { arbitrary: nearlyValid, weight: 3 },
  { arbitrary: fc.anything({ maxDepth: 3 }), weight: 1 },
  { arbitrary: fieldsOf(FIELDS, value), weight: 1 },
  fc.record(
    {
      id,
      filters: fieldsOf(FILTER_FIELDS, value),
      patch: fieldsOf(PATCH_FIELDS, value),
      search: text,
      cursor: forgedCursor,
      sortBy: fc.oneof(text, fc.constantFrom('createdAt', 'lastActivity', 'email')),
      sortDir: text,
      page: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }), fc.double()),
      pageSize: fc.integer({ min: -5, max: 500 }),
    },
    { requiredKeys: [] },
  ),
);

/** Swaps `known:N` placeholders for real ids, so valid-looking calls reach the database. */
function withKnownIds(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('known:'))
    return knownIds[Number(value.slice(6)) % knownIds.length];
  if (Array.isArray(value)) return value.map(withKnownIds);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withKnownIds(v)]));
  }
  return value;
}

const PROCEDURES = [
  'list',
  'active',
  'archived',
  'get',
  'filterOptions',
  'create',
  'update',
  'updateAccess',
  'updateNpi',
  'archive',
  'unarchive',
  'enable',
  'disable',
  'approve',
  'suspend',
  'unsuspend',
  'promote',
  'demote',
  'delete',
  'bulk',
  'sessions',
  'revokeSessions',
] as const;

// The list inputs are strict (unknown keys are refused): give them mostly their own keys.
const LIST_KEYS: Partial<Record<string, string[]>> = {
  list: ['page', 'pageSize', 'cursor', 'sortBy', 'sortDir', 'search', 'filters'],
  active: ['page', 'pageSize', 'cursor'],
  archived: ['page', 'pageSize', 'cursor'],
};
const only = (keys: string[] | undefined, raw: unknown, narrow: boolean) =>
  keys && narrow && raw && typeof raw === 'object' && !Array.isArray(raw)
    ? Object.fromEntries(Object.entries(raw).filter(([key]) => keys.includes(key)))
    : raw;

describe('users procedures under random input', () => {
  for (const procedure of PROCEDURES) {
    it(`users.${procedure} answers every input without a 500`, async () => {
      await fc.assert(
        fc.asyncProperty(input, fc.boolean(), async (raw, narrow) => {
          const call = caller.users[procedure] as (input: unknown) => Promise<unknown>;
          try {
            await call(withKnownIds(only(LIST_KEYS[procedure], raw, narrow)));
          } catch (error) {
            expect(error).toBeInstanceOf(TRPCError);
            const { code } = error as TRPCError;
            expect(code).not.toBe('INTERNAL_SERVER_ERROR');
            expect(['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']).toContain(code);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});

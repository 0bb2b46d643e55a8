import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USER_STATUS_VALUES } from '@praxis/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './create-db';
import { migrateToLatest } from './migrate';
import type { Organization, Role } from './schema';
import { randomSuffix, workerDatabase } from './testing';
import {
  activeAdminSql,
  activeStatusSql,
  effectiveDateReachedSql,
  effectivelyActiveSql,
  hasActiveStatus,
  hasStatus,
  hasStatusSql,
  isActiveAdmin,
  isEffectivelyActive,
  isNotYetEffective,
  isOrganizationActive,
  isSuspensionInForce,
  isSuspensionLapsed,
  organizationActiveSql,
  suspensionInForceSql,
  suspensionLapsedSql,
} from './user-rules';

const dataDir = mkdtempSync(join(tmpdir(), 'praxis-pglite-rules-'));
let pglite: DbHandle;
let postgres: DbHandle;

beforeAll(async () => {
  postgres = (await workerDatabase()).handle;
  pglite = await createDb({ dataDir });
  await migrateToLatest(pglite.db);
});

afterAll(async () => {
  await pglite?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const now = new Date();
const past = new Date(now.getTime() - 3_600_000);
const future = new Date(now.getTime() + 3_600_000);
const DAY = 86_400_000;
// Effective dates: none, yesterday, today and tomorrow (UTC calendar dates).
const EFFECTIVE_DATES = [null, -DAY, 0, DAY].map((offset) =>
  offset === null ? null : new Date(now.getTime() + offset).toISOString().slice(0, 10),
);

const ORGANIZATION_STATES = {
  none: null,
  active: { status: 'active', archivedAt: null },
  inactive: { status: 'inactive', archivedAt: null },
  archived: { status: 'active', archivedAt: past },
  'inactive and archived': { status: 'inactive', archivedAt: past },
} as const;
type OrganizationState = keyof typeof ORGANIZATION_STATES;

// status × suspendedUntil × archivedAt × effectiveDate × organisation × admin or not: every combination.
/** `hasStatus` for one status, as a column: statusActive, statusPending… */
const statusKey = (status: string) => `status${status[0]?.toUpperCase()}${status.slice(1)}`;

const combinations = USER_STATUS_VALUES.flatMap((status) =>
  [null, past, future].flatMap((suspendedUntil) =>
    [null, past].flatMap((archivedAt) =>
      EFFECTIVE_DATES.flatMap((effectiveDate) =>
        (Object.keys(ORGANIZATION_STATES) as OrganizationState[]).flatMap((organization) =>
          ([['admin', 'staff'], ['staff']] as Role[][]).map((roles) => ({
            status,
            suspendedUntil,
            archivedAt,
            effectiveDate,
            organization,
            roles,
          })),
        ),
      ),
    ),
  ),
);

describe.each([
  ['postgres', () => postgres],
  ['pglite', () => pglite],
])('user rules on %s', (_name, handle) => {
  it('agree between TypeScript and SQL on every combination, and SQL never answers NULL', async () => {
    const { db } = handle();
    const organizations = new Map<OrganizationState, Organization | null>([['none', null]]);
    for (const [state, fields] of Object.entries(ORGANIZATION_STATES)) {
      if (!fields) continue;
      const org = await db
        .insertInto('organizations')
        .values({ name: `Rules ${state} ${randomSuffix()}`, ...fields })
        .returningAll()
        .executeTakeFirstOrThrow();
      organizations.set(state as OrganizationState, org);
    }
    const tag = randomSuffix();
    const inserted = await db
      .insertInto('users')
      .values(
        combinations.map((c, index) => ({
          email: `rules-${tag}-${index}@example.test`,
          status: c.status,
          suspendedUntil: c.suspendedUntil,
          archivedAt: c.archivedAt,
          effectiveDate: c.effectiveDate,
          roles: c.roles,
          organizationId: organizations.get(c.organization)?.id ?? null,
        })),
      )
      .returningAll()
      .execute();
    expect(inserted).toHaveLength(combinations.length);

    const evaluated = await db
      .selectFrom('users')
      .select((eb) => [
        'users.id',
        suspensionInForceSql(eb, now).as('suspensionInForce'),
        suspensionLapsedSql(eb, now).as('suspensionLapsed'),
        activeStatusSql(eb, now).as('activeStatus'),
        organizationActiveSql(eb).as('organizationActive'),
        effectiveDateReachedSql(eb, now).as('effectiveDateReached'),
        effectivelyActiveSql(eb, now).as('effectivelyActive'),
        activeAdminSql(eb, now).as('activeAdmin'),
        ...USER_STATUS_VALUES.map((status) => hasStatusSql(eb, status, now).as(statusKey(status))),
      ])
      .where(
        'users.id',
        'in',
        inserted.map((row) => row.id),
      )
      .execute();
    const sqlById = new Map(evaluated.map((row) => [row.id, row]));

    const mismatches = inserted.flatMap((user, index) => {
      const combination = combinations[index];
      const organization = organizations.get(combination?.organization ?? 'none') ?? null;
      const expected = {
        suspensionInForce: isSuspensionInForce(user, now),
        suspensionLapsed: isSuspensionLapsed(user, now),
        activeStatus: hasActiveStatus(user, now),
        organizationActive: isOrganizationActive(organization),
        effectiveDateReached: !isNotYetEffective(user, now),
        effectivelyActive: isEffectivelyActive(user, organization, now),
        activeAdmin: isActiveAdmin(user, organization, now),
        ...Object.fromEntries(
          USER_STATUS_VALUES.map((status) => [statusKey(status), hasStatus(user, status, now)]),
        ),
      };
      const { id: _id, ...actual } = sqlById.get(user.id) ?? {};
      return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [{ combination, expected, actual }];
    });
    expect(mismatches).toEqual([]);
  });
});

describe('the rules themselves (TypeScript, from the contract)', () => {
  const user = { status: 'active' as const, suspendedUntil: null, archivedAt: null, effectiveDate: null };

  it('let an active user of an active organisation, or of none, in', () => {
    expect(isEffectivelyActive(user, null, now)).toBe(true);
    expect(isEffectivelyActive(user, ORGANIZATION_STATES.active, now)).toBe(true);
  });

  it('keep members of a deactivated or archived organisation out', () => {
    expect(isEffectivelyActive(user, ORGANIZATION_STATES.inactive, now)).toBe(false);
    expect(isEffectivelyActive(user, ORGANIZATION_STATES.archived, now)).toBe(false);
    expect(isActiveAdmin({ ...user, roles: ['admin'] }, ORGANIZATION_STATES.inactive, now)).toBe(false);
  });

  it('count a lapsed suspension as active and one in force (or without end) as not', () => {
    expect(isEffectivelyActive({ ...user, status: 'suspended', suspendedUntil: past }, null, now)).toBe(true);
    expect(isEffectivelyActive({ ...user, status: 'suspended', suspendedUntil: future }, null, now)).toBe(
      false,
    );
    expect(isEffectivelyActive({ ...user, status: 'suspended' }, null, now)).toBe(false);
  });

  it('keep archived, disabled and pending users out', () => {
    expect(isEffectivelyActive({ ...user, archivedAt: past }, null, now)).toBe(false);
    expect(isEffectivelyActive({ ...user, status: 'inactive' }, null, now)).toBe(false);
    expect(isEffectivelyActive({ ...user, status: 'pending' }, null, now)).toBe(false);
  });

  it('keep a user out before the effective date, a UTC calendar date, and let them in from its first instant', () => {
    const effective = { ...user, effectiveDate: '2026-12-01' };
    expect(isEffectivelyActive(effective, null, new Date('2026-11-30T23:59:59.999Z'))).toBe(false);
    expect(isNotYetEffective(effective, new Date('2026-11-30T23:59:59.999Z'))).toBe(true);
    expect(isEffectivelyActive(effective, null, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(isEffectivelyActive(effective, null, new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(isActiveAdmin({ ...effective, roles: ['admin'] }, null, new Date('2026-11-30T12:00:00Z'))).toBe(
      false,
    );
  });
});

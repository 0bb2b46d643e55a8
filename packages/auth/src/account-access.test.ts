import { isEffectivelyActive } from '@praxis/db';
import { USER_STATUS_VALUES } from '@praxis/validators';
import { describe, expect, it } from 'vitest';
import { accessBlock } from './account-access';

const active = { status: 'active' as const, archivedAt: null, suspendedUntil: null, effectiveDate: null };
const openOrg = { status: 'active' as const, archivedAt: null };
const now = new Date('2026-11-23T12:00:00Z');

describe('accessBlock', () => {
  it('lets an active user of an active organisation (or of none) in', () => {
    expect(accessBlock(active, openOrg, now)).toBeNull();
    expect(accessBlock(active, null, now)).toBeNull();
  });

  it('names why an account may not sign in', () => {
    expect(accessBlock({ ...active, archivedAt: now }, openOrg, now)).toBe('archived');
    expect(accessBlock({ ...active, status: 'inactive' }, openOrg, now)).toBe('disabled');
    expect(accessBlock({ ...active, status: 'pending' }, openOrg, now)).toBe('pending');
    expect(accessBlock({ ...active, status: 'suspended' }, openOrg, now)).toBe('suspended');
    expect(accessBlock(active, { status: 'inactive', archivedAt: null }, now)).toBe('organization_inactive');
    expect(accessBlock(active, { status: 'active', archivedAt: now }, now)).toBe('organization_inactive');
    expect(accessBlock({ ...active, effectiveDate: '2026-11-24' }, openOrg, now)).toBe('not_yet_effective');
  });

  it('lets a user in from the first instant of the effective date (UTC)', () => {
    expect(accessBlock({ ...active, effectiveDate: '2026-11-23' }, openOrg, now)).toBeNull();
    expect(accessBlock({ ...active, effectiveDate: '2026-11-22' }, openOrg, now)).toBeNull();
    const lastInstant = new Date('2026-11-23T23:59:59.999Z');
    expect(accessBlock({ ...active, effectiveDate: '2026-11-24' }, openOrg, lastInstant)).toBe(
      'not_yet_effective',
    );
    expect(
      accessBlock({ ...active, effectiveDate: '2026-11-24' }, openOrg, new Date('2026-11-24T00:00:00Z')),
    ).toBeNull();
  });

  it('treats a suspension whose end has passed as lapsed, with no job needed', () => {
    const until = new Date('2026-11-23T11:59:59Z');
    expect(accessBlock({ ...active, status: 'suspended', suspendedUntil: until }, openOrg, now)).toBeNull();
    const later = new Date('2026-11-23T12:00:01Z');
    expect(accessBlock({ ...active, status: 'suspended', suspendedUntil: later }, openOrg, now)).toBe(
      'suspended',
    );
  });

  it('lets in exactly the users the one rule calls effectively active, on every combination', () => {
    const past = new Date(now.getTime() - 60_000);
    const future = new Date(now.getTime() + 60_000);
    const organizations = [
      null,
      openOrg,
      { status: 'inactive' as const, archivedAt: null },
      { status: 'active' as const, archivedAt: past },
    ];
    for (const status of USER_STATUS_VALUES)
      for (const suspendedUntil of [null, past, future])
        for (const archivedAt of [null, past])
          for (const effectiveDate of [null, '2026-11-22', '2026-11-23', '2026-11-24'])
            for (const organization of organizations) {
              const user = { status, suspendedUntil, archivedAt, effectiveDate };
              expect(
                accessBlock(user, organization, now) === null,
                JSON.stringify({ user, organization }),
              ).toBe(isEffectivelyActive(user, organization, now));
            }
  });
});

import { describe, expect, it } from 'vitest';
import { userActions } from './user-actions';

const CLINIC = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const admin = { id: 'admin-1', roles: ['admin'] as const, organizationId: null };
const clinicAdmin = { id: 'ca-1', roles: ['client_admin'] as const, organizationId: CLINIC };
const support = { id: 'sup-1', roles: ['support'] as const, organizationId: null };

const target = (over: Partial<Parameters<typeof userActions>[1]> = {}) => ({
  id: 'u-1',
  roles: ['staff'] as ('staff' | 'admin' | 'support' | 'client_admin' | 'provider')[],
  organizationId: CLINIC,
  status: 'active' as const,
  archivedAt: null,
  ...over,
});

// Expected values are written from API.md's roles table and users.rules.ts, not computed.
describe('actions offered on a user', () => {
  it('an admin may do everything to a clinic user', () => {
    expect(userActions(admin, target())).toEqual({
      edit: true,
      archive: true,
      unarchive: false,
      enable: false,
      disable: true,
      approve: false,
      suspend: true,
      unsuspend: false,
      delete: true,
      sessions: true,
      clearLockout: true,
      sendPasswordReset: true,
      resetTwoFactor: true,
      promote: ['admin', 'client_admin', 'supervisor', 'provider', 'support', 'billing', 'parent'],
      demote: [],
    });
  });

  it('sign-in help: a reset link only for an account that could use it, no 2FA reset of oneself', () => {
    for (const over of [{ status: 'pending' }, { status: 'inactive' }, { archivedAt: new Date() }] as const) {
      const actions = userActions(admin, target(over));
      expect([actions.clearLockout, actions.sendPasswordReset]).toEqual([true, false]);
    }
    const self = userActions(admin, target({ id: admin.id, roles: ['admin'] }));
    expect([self.clearLockout, self.sendPasswordReset, self.resetTwoFactor]).toEqual([true, true, false]);
    const helpOfSupport = userActions(support, target());
    expect([
      helpOfSupport.clearLockout,
      helpOfSupport.sendPasswordReset,
      helpOfSupport.resetTwoFactor,
    ]).toEqual([false, false, false]);
  });

  it('a client admin manages their own clinic, grants no privileged role, and may not delete', () => {
    const actions = userActions(clinicAdmin, target());
    expect(actions.edit && actions.archive && actions.disable).toBe(true);
    expect(actions.delete).toBe(false);
    expect(actions.promote).toEqual(['client_admin', 'supervisor', 'provider', 'billing', 'parent']);
  });

  it('a client admin is offered nothing on another clinic or on a support account (holder rule)', () => {
    for (const user of [target({ organizationId: OTHER }), target({ roles: ['support'] })]) {
      const actions = userActions(clinicAdmin, user);
      expect(actions).toMatchObject({ edit: false, archive: false, delete: false, sessions: false });
      expect(actions.promote).toEqual([]);
      expect(actions.demote).toEqual([]);
    }
  });

  it('never offers to remove the last role', () => {
    expect(userActions(admin, target({ roles: ['staff'] })).demote).toEqual([]);
    expect(userActions(admin, target({ roles: ['staff', 'provider'] })).demote).toEqual([
      'provider',
      'staff',
    ]);
  });

  it('support reads but does not write', () => {
    expect(userActions(support, target())).toMatchObject({ edit: false, archive: false, delete: false });
  });

  it('offers the lifecycle step that fits the state', () => {
    expect(userActions(admin, target({ status: 'pending' }))).toMatchObject({ approve: true, enable: false });
    expect(userActions(admin, target({ status: 'inactive' }))).toMatchObject({
      enable: true,
      disable: false,
    });
    expect(userActions(admin, target({ status: 'suspended' }))).toMatchObject({ unsuspend: true });
    expect(userActions(admin, target({ archivedAt: new Date() }))).toMatchObject({
      archive: false,
      unarchive: true,
    });
  });

  it('nobody archives, disables, suspends or deletes themselves, or drops their own admin role', () => {
    const self = userActions(
      admin,
      target({ id: admin.id, roles: ['admin', 'provider'], organizationId: null }),
    );
    expect(self).toMatchObject({ archive: false, disable: false, suspend: false, delete: false, edit: true });
    expect(self.demote).toEqual(['provider']);
  });
});

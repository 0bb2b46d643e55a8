import { type Actor, can, canGrantRole, PRIVILEGED_ROLES } from '@praxis/policy';
import { ROLE_VALUES, type RoleValue } from '@praxis/validators';

interface TargetUser {
  id: string;
  roles: readonly RoleValue[];
  organizationId: string | null;
  status: 'pending' | 'active' | 'inactive' | 'suspended';
  archivedAt: Date | null;
}

/** Roles nobody removes from themselves (the server's self rule). */
const SELF_KEPT_ROLES: readonly RoleValue[] = ['admin', 'client_admin'];

/**
 * What the viewer may do to this user, mirroring the server's rules (users.rules.ts and the
 * lifecycle transitions) through @praxis/policy, so the page offers only what would be allowed.
 * The server still decides: a refusal that slips through is shown where the action was taken.
 */
export function userActions(actor: Actor, user: TargetUser) {
  // Holder rule: an account holding admin or support is changed only by those who may grant it.
  const holderOk = user.roles.every(
    (role) => !PRIVILEGED_ROLES.includes(role) || canGrantRole(actor, role, user),
  );
  const write = holderOk && can(actor, 'users.write', user);
  const self = user.id === actor.id;
  const grantable = write ? ROLE_VALUES.filter((role) => canGrantRole(actor, role, user)) : [];
  return {
    edit: write,
    archive: write && !self && user.archivedAt === null,
    unarchive: write && user.archivedAt !== null,
    enable: write && user.status === 'inactive',
    disable: write && !self && user.status !== 'inactive',
    approve: write && user.status === 'pending',
    suspend: write && !self && (user.status === 'active' || user.status === 'suspended'),
    unsuspend: write && user.status === 'suspended',
    delete: holderOk && can(actor, 'users.delete', user) && !self,
    sessions: write,
    // Help for a locked-out person (users.resetTwoFactor / clearLockout / sendPasswordReset).
    clearLockout: write,
    sendPasswordReset:
      write && user.status !== 'pending' && user.status !== 'inactive' && user.archivedAt === null,
    resetTwoFactor: write && !self,
    promote: grantable.filter((role) => !user.roles.includes(role)),
    // A user keeps at least one role (the server refuses removing the last).
    demote:
      user.roles.length > 1
        ? grantable.filter((role) => user.roles.includes(role) && !(self && SELF_KEPT_ROLES.includes(role)))
        : [],
  };
}

export type UserActions = ReturnType<typeof userActions>;

// Types only: the web app imports this module, so it must carry no server code.
import type { RoleValue as Role } from '@praxis/validators';

/** Who is asking: enough of the signed-in user to decide. */
export interface Actor {
  id: string;
  roles: readonly Role[];
  organizationId: string | null;
}

/** What an action is about: the organisation that owns it (null: belongs to none). */
export interface Target {
  organizationId: string | null;
}

type Scope = 'all' | 'own';
type Grants = Partial<Record<Role, Scope>>;

const readers: Grants = { admin: 'all', client_admin: 'own', supervisor: 'own', support: 'all' };
const writers: Grants = { admin: 'all', client_admin: 'own' };
const adminOnly: Grants = { admin: 'all' };

/**
 * Who may do what, as data: for each action, the roles that may do it and over which
 * organisations ('all', or 'own': the actor's own). Everything signed in may use its own account
 * (auth.*), which needs no entry.
 */
export const POLICY = {
  'users.read': readers,
  'users.write': writers,
  'users.grantRole': writers,
  'users.grantPrivilegedRole': adminOnly,
  'users.delete': adminOnly,
  'orgs.create': adminOnly,
  'orgs.archive': adminOnly,
  'orgs.setActive': adminOnly,
  'orgs.read': readers,
  'orgs.update': writers,
  /** An organisation's therapist: a client admin may only rename their own organisation. */
  'orgs.setTherapist': adminOnly,
  'invitations.read': readers,
  'invitations.write': writers,
  'groups.read': readers,
  'groups.write': writers,
  /** Patients follow the users rows (issue 12); parents read their own linked patients in the service. */
  'patients.read': readers,
  'patients.write': writers,
  'dashboard.read': readers,
  'audit.read': readers,
  'presence.read': readers,
  /** The system's configuration (read-only): the operators' business, not a client's. */
  'settings.read': adminOnly,
  /** Signing in as another user (issue 14); which users is IMPERSONATION_PROTECTED_ROLES' rule. */
  'users.impersonate': { admin: 'all', support: 'all' },
} as const satisfies Record<string, Grants>;

export type Action = keyof typeof POLICY;

/** Roles only an admin may grant or remove. */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'support'];

function scopesOf(actor: Actor, action: Action): Scope[] {
  const grants: Grants = POLICY[action];
  return actor.roles.flatMap((role) => grants[role] ?? []);
}

/**
 * May the actor do `action`? Without a target: on anything at all. With one: on that
 * organisation's record ('own' scope needs the same, non-null organisation).
 */
export function can(actor: Actor, action: Action, target?: Target): boolean {
  const scopes = scopesOf(actor, action);
  if (scopes.includes('all')) return true;
  if (!scopes.includes('own')) return false;
  if (!target) return true;
  return actor.organizationId !== null && target.organizationId === actor.organizationId;
}

/** The organisations an action reaches, for filtering lists: every one, some, or none. */
export function scopeOf(
  actor: Actor,
  action: Action,
): { all: true } | { all: false; organizationIds: string[] } {
  const scopes = scopesOf(actor, action);
  if (scopes.includes('all')) return { all: true };
  if (scopes.includes('own') && actor.organizationId)
    return { all: false, organizationIds: [actor.organizationId] };
  return { all: false, organizationIds: [] };
}

/**
 * Parents read the patients they are linked to (issue 12), beyond what `patients.read` grants:
 * the patients service asks this, and checks the link itself.
 */
export function readsOwnPatients(actor: Actor): boolean {
  return actor.roles.includes('parent');
}

/** May the actor grant or remove this role on a user of the target organisation? */
export function canGrantRole(actor: Actor, role: Role, target: Target): boolean {
  return can(
    actor,
    PRIVILEGED_ROLES.includes(role) ? 'users.grantPrivilegedRole' : 'users.grantRole',
    target,
  );
}

/**
 * Who may not be impersonated, per impersonating role: admins impersonate anyone but admins;
 * support anyone but admins and support. A role missing here impersonates nobody.
 */
export const IMPERSONATION_PROTECTED_ROLES: Partial<Record<Role, readonly Role[]>> = {
  admin: ['admin'],
  support: ['admin', 'support'],
};

/**
 * May the actor sign in as `target`? Needs `users.impersonate` on the target's organisation, and
 * one of the actor's impersonating roles must leave every role of the target unprotected. Never
 * oneself.
 */
export function canImpersonate(
  actor: Actor,
  target: Target & { id: string; roles: readonly Role[] },
): boolean {
  if (actor.id === target.id || !can(actor, 'users.impersonate', target)) return false;
  return actor.roles.some((role) => {
    const protectedRoles = IMPERSONATION_PROTECTED_ROLES[role];
    return (
      protectedRoles !== undefined &&
      can({ ...actor, roles: [role] }, 'users.impersonate', target) &&
      !target.roles.some((held) => protectedRoles.includes(held))
    );
  });
}

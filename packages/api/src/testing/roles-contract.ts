import type { Role } from '@praxis/db';
import type { Actor, Target } from '@praxis/policy';

/**
 * Who may do what, per role and action: the contract's permission table written out by hand,
 * for the tests to hold the code to. Nothing here reads
 * POLICY: a wrong policy table must disagree with this one. `all`: every organisation; `own`:
 * the actor's own organisation; `no`: never. Roles the contract's table leaves out (provider,
 * staff, billing, parent) fall under "everyone signed in": no.
 */
export type Cell = 'all' | 'own' | 'no';

/** The grid's column order. */
export const CONTRACT_COLUMNS = [
  'admin',
  'client_admin',
  'supervisor',
  'provider',
  'staff',
  'support',
  'billing',
  'parent',
] as const satisfies readonly Role[];

type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

// biome-ignore format: the table reads as a grid, one row per action
const GRID = {
  //                           admin  client_admin supervisor provider staff support billing parent
  // "read users": all orgs / own org / own org / support all orgs, read-only
  'users.read':               ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  // "write users (update, archive, enable/disable, approve, suspend, NPI, bulk)"
  'users.write':              ['all', 'own',       'no',      'no',    'no', 'no',   'no',   'no'],
  // "grant other roles": admin yes, client_admin own org
  'users.grantRole':          ['all', 'own',       'no',      'no',    'no', 'no',   'no',   'no'],
  // "grant or remove admin / support": admin only
  'users.grantPrivilegedRole':['all', 'no',        'no',      'no',    'no', 'no',   'no',   'no'],
  // "permanent delete of a user": admin only
  'users.delete':             ['all', 'no',        'no',      'no',    'no', 'no',   'no',   'no'],
  // "orgs: create, archive, activate/deactivate": admin only
  'orgs.create':              ['all', 'no',        'no',      'no',    'no', 'no',   'no',   'no'],
  'orgs.archive':             ['all', 'no',        'no',      'no',    'no', 'no',   'no',   'no'],
  'orgs.setActive':           ['all', 'no',        'no',      'no',    'no', 'no',   'no',   'no'],
  // "orgs: read, update name": all / own org / own org (read) / all (read)
  'orgs.read':                ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  'orgs.update':              ['all', 'own',       'no',      'no',    'no', 'no',   'no',   'no'],
  // Client admins may update the name only, so choosing the therapist is the admin's.
  'orgs.setTherapist':        ['all', 'no',        'no',      'no',    'no', 'no',   'no',   'no'],
  // "invitations, groups": all orgs / own org / read own org / read (support reads every org)
  'invitations.read':         ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  'invitations.write':        ['all', 'own',       'no',      'no',    'no', 'no',   'no',   'no'],
  'groups.read':              ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  'groups.write':             ['all', 'own',       'no',      'no',    'no', 'no',   'no',   'no'],
  // Patients (issue 12: "under the same policy rules as users"): the users rows. A parent's read
  // of their own linked patients is a rule of the patients service, tested there, not a cell.
  'patients.read':            ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  'patients.write':           ['all', 'own',       'no',      'no',    'no', 'no',   'no',   'no'],
  // "dashboard, audit log, presence stream": all orgs / own org / own org / all orgs
  'dashboard.read':           ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  'audit.read':               ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  'presence.read':            ['all', 'own',       'own',     'no',    'no', 'all',  'no',   'no'],
  // Settings (issue 13, our reading): the system's configuration is for its administrators only.
  'settings.read':            ['all', 'no',        'no',      'no',    'no', 'no',   'no',   'no'],
  // Issue 14 "impersonation for admins (any user but other admins) and support (non-admin,
  // non-support users)": the target rule is CONTRACT_IMPERSONATION below.
  'users.impersonate':        ['all', 'no',        'no',      'no',    'no', 'all',  'no',   'no'],
} as const satisfies Record<string, Row>;

export type ContractAction = keyof typeof GRID;

/** The grid as role → cell, one record per action. */
export const CONTRACT_TABLE = Object.fromEntries(
  Object.entries(GRID).map(([action, row]) => [
    action,
    Object.fromEntries(CONTRACT_COLUMNS.map((role, column) => [role, row[column]])),
  ]),
) as Record<ContractAction, Record<Role, Cell>>;

export const CONTRACT_ACTIONS = Object.keys(GRID) as ContractAction[];

/** "grant or remove `admin` / `support`": the roles only an admin may grant. */
export const CONTRACT_PRIVILEGED_ROLES: readonly Role[] = ['admin', 'support'];

const REACH: Record<Cell, number> = { no: 0, own: 1, all: 2 };

/** The widest cell among the roles: a user with several roles has the union of their rights. */
export function contractCell(roles: readonly Role[], action: ContractAction): Cell {
  return roles.reduce<Cell>((best, role) => {
    const cell = CONTRACT_TABLE[action][role];
    return REACH[cell] > REACH[best] ? cell : best;
  }, 'no');
}

/**
 * What the contract lets the actor do. Without a target: whether any of its roles has the
 * capability at all (a procedure's guard); with one: on a record of that organisation, where
 * "own org" needs the actor's own, non-null organisation.
 */
export function contractAllows(actor: Actor, action: ContractAction, target?: Target): boolean {
  const cell = contractCell(actor.roles, action);
  if (cell !== 'own' || !target) return cell !== 'no';
  return actor.organizationId !== null && target.organizationId === actor.organizationId;
}

/** May the actor grant or remove `role` on a user of the target organisation, per the contract? */
export function contractMayGrant(actor: Actor, role: Role, target: Target): boolean {
  const action = CONTRACT_PRIVILEGED_ROLES.includes(role) ? 'users.grantPrivilegedRole' : 'users.grantRole';
  return contractAllows(actor, action, target);
}

/**
 * Issue 14: whom each role may impersonate, by the target's roles: admins anyone but admins,
 * support anyone but admins and support, everybody else nobody. Written out per pair, not read
 * from the policy.
 */
// biome-ignore format: the table reads as a grid
export const CONTRACT_IMPERSONATION: Record<Role, Record<Role, boolean>> = {
  //            target: admin  client_admin supervisor provider staff  support billing parent
  admin:        grid([false, true,        true,      true,    true,  true,   true,   true]),
  client_admin: grid([false, false,       false,     false,   false, false,  false,  false]),
  supervisor:   grid([false, false,       false,     false,   false, false,  false,  false]),
  provider:     grid([false, false,       false,     false,   false, false,  false,  false]),
  staff:        grid([false, false,       false,     false,   false, false,  false,  false]),
  support:      grid([false, true,        true,      true,    true,  false,  true,   true]),
  billing:      grid([false, false,       false,     false,   false, false,  false,  false]),
  parent:       grid([false, false,       false,     false,   false, false,  false,  false]),
};

function grid(row: readonly boolean[]): Record<Role, boolean> {
  return Object.fromEntries(CONTRACT_COLUMNS.map((role, column) => [role, row[column] ?? false])) as Record<
    Role,
    boolean
  >;
}

/** May an actor with these roles impersonate a user with those, per the contract (any actor role may; every target role must be open to it)? */
export function contractMayImpersonate(actorRoles: readonly Role[], targetRoles: readonly Role[]): boolean {
  return actorRoles.some((role) => targetRoles.every((held) => CONTRACT_IMPERSONATION[role][held]));
}

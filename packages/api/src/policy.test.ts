import type { Role } from '@praxis/db';
import {
  type Action,
  type Actor,
  can,
  canGrantRole,
  canImpersonate,
  POLICY,
  scopeOf,
  type Target,
} from '@praxis/policy';
import { ROLE_VALUES } from '@praxis/validators';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  CONTRACT_ACTIONS,
  CONTRACT_COLUMNS,
  CONTRACT_PRIVILEGED_ROLES,
  CONTRACT_TABLE,
  type ContractAction,
  contractMayImpersonate,
} from './testing/roles-contract';

// The policy against the permission table written out by hand in testing/roles-contract.ts:
// every cell, in every situation that tells `all`, `own` and `no` apart. Expectations are
// literals per cell, never computed by the policy.

const OWN_ORG = '00000000-0000-4000-8000-00000000000a';
const OTHER_ORG = '00000000-0000-4000-8000-00000000000b';

const SITUATIONS = {
  noTarget: { actorOrg: OWN_ORG, target: undefined },
  ownOrgTarget: { actorOrg: OWN_ORG, target: { organizationId: OWN_ORG } },
  otherOrgTarget: { actorOrg: OWN_ORG, target: { organizationId: OTHER_ORG } },
  nullOrgTarget: { actorOrg: OWN_ORG, target: { organizationId: null } },
  orglessActorNoTarget: { actorOrg: null, target: undefined },
  orglessActorOrgTarget: { actorOrg: null, target: { organizationId: OTHER_ORG } },
  orglessActorNullTarget: { actorOrg: null, target: { organizationId: null } },
} satisfies Record<string, { actorOrg: string | null; target: Target | undefined }>;
type Situation = keyof typeof SITUATIONS;

/** What each kind of cell allows in each situation. Without a target `can` asks "at all?". */
const ALLOWED_BY_CELL: Record<Cell, Record<Situation, boolean>> = {
  all: {
    noTarget: true,
    ownOrgTarget: true,
    otherOrgTarget: true,
    nullOrgTarget: true,
    orglessActorNoTarget: true,
    orglessActorOrgTarget: true,
    orglessActorNullTarget: true,
  },
  own: {
    noTarget: true,
    ownOrgTarget: true,
    otherOrgTarget: false,
    nullOrgTarget: false,
    orglessActorNoTarget: true,
    orglessActorOrgTarget: false,
    orglessActorNullTarget: false,
  },
  no: {
    noTarget: false,
    ownOrgTarget: false,
    otherOrgTarget: false,
    nullOrgTarget: false,
    orglessActorNoTarget: false,
    orglessActorOrgTarget: false,
    orglessActorNullTarget: false,
  },
};

/** What scopeOf answers for each kind of cell, for an actor of OWN_ORG and one without organisation. */
const SCOPE_BY_CELL: Record<
  Cell,
  { withOrg: ReturnType<typeof scopeOf>; orgless: ReturnType<typeof scopeOf> }
> = {
  all: { withOrg: { all: true }, orgless: { all: true } },
  own: { withOrg: { all: false, organizationIds: [OWN_ORG] }, orgless: { all: false, organizationIds: [] } },
  no: { withOrg: { all: false, organizationIds: [] }, orgless: { all: false, organizationIds: [] } },
};

const REACH: Record<Cell, number> = { no: 0, own: 1, all: 2 };
const widest = (a: Cell, b: Cell): Cell => (REACH[a] >= REACH[b] ? a : b);

const actorOf = (roles: Role[], organizationId: string | null): Actor => ({
  id: '00000000-0000-4000-8000-000000000001',
  roles,
  organizationId,
});

/** `can` in every situation, for an actor with these roles. */
function canEverywhere(roles: Role[], action: Action): Record<Situation, boolean> {
  const entries = Object.entries(SITUATIONS).map(([name, { actorOrg, target }]) => [
    name,
    can(actorOf(roles, actorOrg), action, target),
  ]);
  return Object.fromEntries(entries) as Record<Situation, boolean>;
}

const inPolicy = (action: string): action is Action => Object.hasOwn(POLICY, action);
const SHARED_ACTIONS = CONTRACT_ACTIONS.filter(inPolicy);

describe('the policy and the contract name the same things', () => {
  it('every POLICY action has a row in the table', () => {
    const rows: string[] = CONTRACT_ACTIONS;
    expect(Object.keys(POLICY).filter((action) => !rows.includes(action))).toEqual([]);
  });

  it('every table row is a POLICY action', () => {
    expect(CONTRACT_ACTIONS.filter((action) => !inPolicy(action))).toEqual([]);
  });

  it('the table has a column for every role', () => {
    expect([...CONTRACT_COLUMNS].sort()).toEqual([...ROLE_VALUES].sort());
  });
});

describe.each(SHARED_ACTIONS)('%s', (action) => {
  it('answers as the contract cell says, for every role and situation', () => {
    const actual = Object.fromEntries(ROLE_VALUES.map((role) => [role, canEverywhere([role], action)]));
    const expected = Object.fromEntries(
      ROLE_VALUES.map((role) => [role, ALLOWED_BY_CELL[CONTRACT_TABLE[action][role]]]),
    );
    expect(actual).toEqual(expected);
  });

  it('gives a user with two roles the union of both', () => {
    for (const first of ROLE_VALUES) {
      for (const second of ROLE_VALUES) {
        if (first >= second) continue;
        const cell = widest(CONTRACT_TABLE[action][first], CONTRACT_TABLE[action][second]);
        expect({ roles: [first, second], can: canEverywhere([first, second], action) }).toEqual({
          roles: [first, second],
          can: ALLOWED_BY_CELL[cell],
        });
      }
    }
  });

  it('scopeOf reaches every organisation, the own one, or none, as the cell says', () => {
    for (const role of ROLE_VALUES) {
      const expected = SCOPE_BY_CELL[CONTRACT_TABLE[action][role]];
      expect({
        role,
        withOrg: scopeOf(actorOf([role], OWN_ORG), action),
        orgless: scopeOf(actorOf([role], null), action),
      }).toEqual({ role, ...expected });
    }
  });
});

describe('a few cells spelled out', () => {
  it('a supervisor who is also a client admin writes users of the own organisation only', () => {
    const actor = actorOf(['supervisor', 'client_admin'], OWN_ORG);
    expect(can(actor, 'users.write', { organizationId: OWN_ORG })).toBe(true);
    expect(can(actor, 'users.write', { organizationId: OTHER_ORG })).toBe(false);
    expect(can(actor, 'users.delete', { organizationId: OWN_ORG })).toBe(false);
  });

  it('support with client_admin reads every organisation but writes only its own', () => {
    const actor = actorOf(['support', 'client_admin'], OWN_ORG);
    expect(can(actor, 'users.read', { organizationId: OTHER_ORG })).toBe(true);
    expect(can(actor, 'users.write', { organizationId: OTHER_ORG })).toBe(false);
    expect(can(actor, 'users.write', { organizationId: OWN_ORG })).toBe(true);
    expect(scopeOf(actor, 'audit.read')).toEqual({ all: true });
  });
});

describe('canGrantRole', () => {
  const TARGETED: Situation[] = [
    'ownOrgTarget',
    'otherOrgTarget',
    'nullOrgTarget',
    'orglessActorOrgTarget',
    'orglessActorNullTarget',
  ];

  it.each(ROLE_VALUES)(
    'as %s: admin and support by admins only, other roles where grantRole reaches',
    (actorRole) => {
      for (const situation of TARGETED) {
        const { actorOrg, target } = SITUATIONS[situation];
        for (const role of ROLE_VALUES) {
          const action: ContractAction = CONTRACT_PRIVILEGED_ROLES.includes(role)
            ? 'users.grantPrivilegedRole'
            : 'users.grantRole';
          expect({
            situation,
            role,
            may: canGrantRole(actorOf([actorRole], actorOrg), role, target!),
          }).toEqual({
            situation,
            role,
            may: ALLOWED_BY_CELL[CONTRACT_TABLE[action][actorRole]][situation],
          });
        }
      }
    },
  );

  it('the contract’s privileged roles are exactly admin and support', () => {
    const admin = actorOf(['admin'], OWN_ORG);
    const clientAdmin = actorOf(['client_admin'], OWN_ORG);
    const own = { organizationId: OWN_ORG };
    expect(ROLE_VALUES.filter((role) => canGrantRole(admin, role, own))).toEqual([...ROLE_VALUES]);
    expect(ROLE_VALUES.filter((role) => canGrantRole(clientAdmin, role, own))).toEqual(
      ROLE_VALUES.filter((role) => role !== 'admin' && role !== 'support'),
    );
  });
});

describe('canImpersonate (issue 14)', () => {
  const target = (roles: Role[], organizationId: string | null = OTHER_ORG) => ({
    id: '00000000-0000-4000-8000-000000000099',
    roles,
    organizationId,
  });

  it.each(ROLE_VALUES)('as %s: the targets the contract table opens, in any organisation', (actorRole) => {
    for (const targetRole of ROLE_VALUES) {
      for (const organizationId of [OWN_ORG, OTHER_ORG, null]) {
        expect({
          targetRole,
          organizationId,
          may: canImpersonate(actorOf([actorRole], OWN_ORG), target([targetRole], organizationId)),
        }).toEqual({ targetRole, organizationId, may: contractMayImpersonate([actorRole], [targetRole]) });
      }
    }
  });

  it('a target holding any protected role is protected; an actor with several roles uses the widest', () => {
    for (const actorRoles of [['support', 'client_admin'], ['admin', 'support'], ['support']] as Role[][]) {
      for (const targetRoles of [
        ['staff', 'support'],
        ['provider', 'billing'],
        ['admin', 'staff'],
      ] as Role[][]) {
        expect({
          actorRoles,
          targetRoles,
          may: canImpersonate(actorOf(actorRoles, OWN_ORG), target(targetRoles)),
        }).toEqual({ actorRoles, targetRoles, may: contractMayImpersonate(actorRoles, targetRoles) });
      }
    }
    expect(canImpersonate(actorOf(['support'], OWN_ORG), target(['staff', 'support']))).toBe(false);
    expect(canImpersonate(actorOf(['admin'], OWN_ORG), target(['staff', 'support']))).toBe(true);
  });

  it('never oneself', () => {
    const admin = actorOf(['admin'], OWN_ORG);
    expect(canImpersonate(admin, { ...target(['staff']), id: admin.id })).toBe(false);
  });
});

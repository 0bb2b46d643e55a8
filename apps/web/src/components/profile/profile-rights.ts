import { type Actor, can, canGrantRole } from '@praxis/policy';
import { PROFESSIONAL_ROLE_VALUES } from '@praxis/validators';

interface Owner {
  id: string;
  organizationId: string | null;
  isOrgAdmin: boolean;
  /** The professional role the profile shows ('' for none). */
  role: string;
}

/**
 * Which account and professional fields the viewer may change on this profile, from the same
 * policy data as the server (profiles.upsert applies users.update's move rule and
 * users.promote's grant and self rules). The server still decides; a control offered here that
 * it refuses shows the refusal beside the field.
 */
export function profileRights(actor: Actor, owner: Owner) {
  const self = owner.id === actor.id;
  const target = { id: owner.id, organizationId: owner.organizationId };
  const roles = PROFESSIONAL_ROLE_VALUES.filter(
    (role) => role === owner.role || canGrantRole(actor, role, target),
  );
  return {
    self,
    move: can(actor, 'users.write', target),
    // Nobody takes client_admin from themselves.
    orgAdmin: canGrantRole(actor, 'client_admin', target) && !(self && owner.isOrgAdmin),
    roles,
    changeRole: roles.some((role) => role !== owner.role),
    /** The organisation list comes from users.filterOptions, which needs users.read. */
    listOrganizations: can(actor, 'users.read'),
  };
}

import type { Role, UserRow, UserUpdate } from '@praxis/db';
import type { UpsertProfileInput } from '@praxis/validators';
import { recordActorAudit } from '../audit/audit.queries';
import type { AuthedContext } from '../auth/auth.types';
import { assertMayChangeEmail } from '../auth/own-password';
import { AppError, fieldError, forbidden, isUniqueViolation, notFound } from '../errors';
import { type Actor, can, canGrantRole } from '../policy';
import { assertCan } from '../policy-guard';
import { accessChanges } from '../session-events';
import { findOrganizationSummary, findUserById, updateUserRow } from '../users/users.queries';
import { professionalRoleOf, toPracticeProfile } from './profile.mapper';
import {
  findPracticeProfile,
  listAddresses,
  replaceAddresses,
  savePracticeProfile,
} from './profiles.queries';

/** The user whose profile is asked for: oneself, or a user the actor may write. */
async function loadProfileOwner(ctx: AuthedContext, userId: string): Promise<UserRow> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound('User');
  if (user.id !== ctx.actor.id) assertCan(ctx.actor, 'users.write', user, 'users.read', 'User');
  return user;
}

export async function getProfile(ctx: AuthedContext, userId: string) {
  const user = await loadProfileOwner(ctx, userId);
  const [addresses, profile] = await Promise.all([
    listAddresses(ctx.db, user.id),
    findPracticeProfile(ctx.db, user.id),
  ]);
  return toPracticeProfile(user, addresses, profile);
}

function personalColumns(personal: NonNullable<UpsertProfileInput['personal']>): UserUpdate {
  const columns: UserUpdate = {
    username: personal.userloginname,
    // first and last name are never null in the database: clearing one leaves it empty.
    firstName: personal.firstName === null ? '' : personal.firstName,
    lastName: personal.lastName === null ? '' : personal.lastName,
    email: personal.email,
    gender: personal.gender,
    phoneNumber: personal.phoneNumber,
    dateOfBirth: personal.dob,
    imageUrl: personal.image,
    timezone: personal.timezone,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/**
 * The roles after the account and professional sections: isOrgAdmin adds or removes client_admin;
 * a new professional role takes the place of the one the profile showed (a role already held
 * changes nothing, so saving an unchanged form is harmless).
 */
function plannedRoles(current: readonly Role[], input: UpsertProfileInput): Role[] {
  let roles = [...current];
  const isOrgAdmin = input.account?.isOrgAdmin;
  if (isOrgAdmin === true && !roles.includes('client_admin')) roles.push('client_admin');
  if (isOrgAdmin === false) roles = roles.filter((role) => role !== 'client_admin');
  const wanted = input.professional?.role;
  if (wanted && !roles.includes(wanted)) {
    const shown = professionalRoleOf(roles);
    roles = shown ? roles.map((role) => (role === shown ? wanted : role)) : [...roles, wanted];
  }
  return roles;
}

/** Moving a user or changing roles through a profile takes the same rights as users.update/promote. */
function assertAccountChanges(
  actor: Actor,
  user: UserRow,
  organizationId: string | null,
  roles: readonly Role[],
) {
  if (organizationId !== user.organizationId) {
    if (!can(actor, 'users.write', user))
      throw forbidden('You may not move this user to another organisation');
    if (!can(actor, 'users.write', { organizationId }))
      throw forbidden('You may not move users into that organisation');
  }
  const added = roles.filter((role) => !user.roles.includes(role));
  const removed = user.roles.filter((role) => !roles.includes(role));
  for (const role of [...added, ...removed]) {
    if (!canGrantRole(actor, role, { organizationId }))
      throw forbidden(`You may not grant or remove the role ${role}`);
  }
  if (user.id === actor.id && removed.some((role) => role === 'admin' || role === 'client_admin')) {
    throw new AppError('CONFLICT', 'You cannot remove your own administrator role');
  }
}

/**
 * Seed 001's practice-profile upsert: the four sections are written in sequence in one
 * transaction, so a failure in any of them (an unknown organisation, a taken email) leaves
 * nothing changed.
 */
export async function upsertProfile(ctx: AuthedContext, input: UpsertProfileInput) {
  const user = await loadProfileOwner(ctx, input.userId);
  const organizationId = input.account?.orgid === undefined ? user.organizationId : input.account.orgid;
  const roles = plannedRoles(user.roles, input);
  assertAccountChanges(ctx.actor, user, organizationId, roles);

  const personal = input.personal ? personalColumns(input.personal) : {};
  await assertMayChangeEmail(ctx, user, personal.email, input.currentPassword);
  const professional: UserUpdate = {};
  if (input.professional?.npi !== undefined) professional.npi = input.professional.npi;
  const rolesChanged = roles.length !== user.roles.length || roles.some((role, i) => role !== user.roles[i]);

  try {
    await ctx.db.transaction().execute(async (tx) => {
      const write = async (patch: UserUpdate) => {
        if (Object.keys(patch).length > 0) await updateUserRow(tx, user.id, patch);
      };
      await write(personal);
      if (input.addresses) await replaceAddresses(tx, user.id, input.addresses);
      const moved = organizationId !== user.organizationId;
      if (moved && organizationId && !(await findOrganizationSummary(tx, organizationId))) {
        throw fieldError('account.orgid', 'No such organisation');
      }
      if (input.account?.loginid !== undefined)
        await savePracticeProfile(tx, user.id, { loginId: input.account.loginid });
      // Roles come from account.isOrgAdmin and professional.role together: written once, here.
      await write({
        ...professional,
        ...(rolesChanged ? { roles } : {}),
        ...(moved ? { organizationId } : {}),
      });
      await recordActorAudit(tx, ctx, {
        action: 'profiles.upsert',
        targetType: 'user',
        targetId: user.id,
        organizationId,
        metadata: {
          sections: (['personal', 'addresses', 'account', 'professional'] as const).filter(
            (s) => input[s] !== undefined,
          ),
          changedFields: changedFields(user, { ...personal, ...professional, organizationId }),
          ...(rolesChanged ? { roles: { from: user.roles, to: roles } } : {}),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw fieldError('personal.email', 'This email is already in use', 'CONFLICT');
    }
    if (isUniqueViolation(error, 'users_username_key')) {
      throw fieldError('personal.userloginname', 'This login name is already in use', 'CONFLICT');
    }
    throw error;
  }
  await ctx.sessionEvents.accessChanged(
    accessChanges([{ before: user, after: { ...user, roles, organizationId } }]),
  );
  return { success: true as const };
}

function changedFields(user: UserRow, patch: UserUpdate): string[] {
  return Object.entries(patch)
    .filter(([key, value]) => user[key as keyof UserRow] !== value)
    .map(([key]) => key);
}

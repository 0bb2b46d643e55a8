import type { Executor, Role, UserRow, UserUpdate } from '@praxis/db';
import type { Actor } from '@praxis/policy';
import type { UpsertProfileInput } from '@praxis/validators';
import { recordActorAudit } from '../audit/audit.queries';
import { assertMayChangeEmail } from '../auth/auth.own-password';
import { queueEmailChangedNotice } from '../auth/auth.security-mails';
import { changedFields } from '../changed-fields';
import { fieldError, isUniqueViolation, notFound } from '../errors';
import { assertCan } from '../policy-guard';
import { accessChanges } from '../session-events';
import type { AuthedContext } from '../trpc';
import { loadWritableUser } from '../users/users.load';
import { findUserById, lockUserById, updateUserRow } from '../users/users.queries';
import {
  assertKeepsAnActiveAdmin,
  assertMayChangeHolder,
  assertMayChangeRoles,
  assertMayMove,
  roleChange,
} from '../users/users.rules';
import { professionalRoleOf, toPracticeProfile } from './profiles.mapper';
import {
  findPracticeProfile,
  listAddresses,
  replaceAddresses,
  savePracticeProfile,
} from './profiles.queries';

/** The user whose profile is read: oneself, or a user the actor may write. */
async function loadProfileOwner(ctx: AuthedContext, userId: string): Promise<UserRow> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound('User');
  if (user.id !== ctx.actor.id) assertCan(ctx.actor, 'users.write', user, 'users.read', 'User');
  return user;
}

/**
 * The user whose profile is written: oneself (everyone edits their own profile), or a user the
 * actor may change as users.update would load them (including the rule that only an admin changes
 * an admin or support account).
 */
async function loadProfileToWrite(ctx: AuthedContext, userId: string): Promise<UserRow> {
  if (userId !== ctx.actor.id) return loadWritableUser(ctx, userId, 'users.write');
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound('User');
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

/** The account the profile asks for (roles and organisation), planned on the user as they are. */
function plannedAccount(user: UserRow, input: UpsertProfileInput) {
  const organizationId = input.account?.orgid === undefined ? user.organizationId : input.account.orgid;
  return { organizationId, roles: plannedRoles(user.roles, input) };
}

/**
 * The account rules of users.update (holder, move) and promote/demote (grant, self), applied to the
 * change this profile makes to `user` (the last-admin rule runs at the write).
 */
async function assertAccountRules(
  db: Executor,
  actor: Actor,
  user: UserRow,
  next: { organizationId: string | null; roles: Role[] },
) {
  if (user.id !== actor.id) assertMayChangeHolder(actor, user);
  await assertMayMove(db, actor, user, next.organizationId, 'account.orgid');
  assertMayChangeRoles(actor, user, roleChange(user.roles, next.roles), [
    ...new Set([user.organizationId, next.organizationId]),
  ]);
}

/**
 * profiles.upsert: the four sections (personal, addresses, account, professional) are written in
 * one transaction, so a failure in any of them (an unknown organisation, a taken email, a rule)
 * leaves nothing changed. The user row is locked, and the rules checked again on the locked row,
 * so a concurrent promote/demote or move cannot slip between the check and the write.
 */
export async function upsertProfile(ctx: AuthedContext, input: UpsertProfileInput) {
  const user = await loadProfileToWrite(ctx, input.userId);
  // Refuse what the actor may not do before asking for a password (a wrong one counts toward lockout).
  await assertAccountRules(ctx.db, ctx.actor, user, plannedAccount(user, input));
  const personal = input.personal ? personalColumns(input.personal) : {};
  await assertMayChangeEmail(ctx, user, personal.email, input.currentPassword);
  const professional: UserUpdate = {};
  if (input.professional?.npi !== undefined) professional.npi = input.professional.npi;
  let change: { before: UserRow; after: UserRow };
  try {
    change = await ctx.db.transaction().execute(async (tx) => {
      const now = new Date();
      const locked = await lockUserById(tx, user.id);
      if (!locked) throw notFound('User');
      const next = plannedAccount(locked, input);
      await assertAccountRules(tx, ctx.actor, locked, next);
      const { added, removed } = roleChange(locked.roles, next.roles);
      const rolesChanged = added.length > 0 || removed.length > 0;
      const patch: UserUpdate = {
        ...personal,
        ...professional,
        ...(rolesChanged ? { roles: next.roles } : {}),
        ...(next.organizationId !== locked.organizationId ? { organizationId: next.organizationId } : {}),
      };
      await assertKeepsAnActiveAdmin(tx, locked, { ...locked, ...patch } as UserRow, now);
      const updated = Object.keys(patch).length > 0 ? await updateUserRow(tx, locked.id, patch) : locked;
      await queueEmailChangedNotice(ctx.mailQueue, locked, updated.email);
      if (input.addresses) await replaceAddresses(tx, locked.id, input.addresses);
      if (input.account?.loginid !== undefined)
        await savePracticeProfile(tx, locked.id, { loginId: input.account.loginid });
      await recordActorAudit(tx, ctx, {
        action: 'profiles.upsert',
        targetType: 'user',
        targetId: locked.id,
        organizationId: updated.organizationId,
        metadata: {
          sections: (['personal', 'addresses', 'account', 'professional'] as const).filter(
            (s) => input[s] !== undefined,
          ),
          changedFields: changedFields(locked, {
            ...personal,
            ...professional,
            organizationId: next.organizationId,
          }),
          ...(rolesChanged ? { roles: { from: locked.roles, to: next.roles } } : {}),
        },
      });
      return { before: locked, after: updated };
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
  await ctx.sessionEvents.accessChanged(accessChanges([change]));
  return { success: true as const };
}

import { endUserSessions, hashPassword } from '@praxis/auth';
import { isNotYetEffective, type Role, type UserRow, type UserUpdate } from '@praxis/db';
import { canGrantRole } from '@praxis/policy';
import { recordActorAudit } from '../audit/audit.queries';
import { assertMayChangeEmail } from '../auth/auth.own-password';
import { issuePasswordLink } from '../auth/auth.password-links';
import { assertAcceptablePassword } from '../auth/auth.password-rule';
import { queueEmailChangedNotice } from '../auth/auth.security-mails';
import { changedFields } from '../changed-fields';
import { fieldError, forbidden, isUniqueViolation, notFound } from '../errors';
import { assertCan } from '../policy-guard';
import { accessChanges } from '../session-events';
import type { AuthedContext } from '../trpc';
import { loadReadableUser, loadWritableUser, presentUser } from './users.load';
import { findOrganizationSummary, insertUser, lockUserById, updateUserRow } from './users.queries';
import { assertKeepsAnActiveAdmin, assertMayMove } from './users.rules';

const emailTaken = () => fieldError('email', 'This email is already in use', 'CONFLICT');

export interface CreateUserInput {
  email: string;
  firstName: string;
  lastName: string;
  roles: Role[];
  organizationId?: string | null | undefined;
  password?: string | undefined;
}

export async function createUser(ctx: AuthedContext, input: CreateUserInput) {
  const { actor } = ctx;
  const organizationId = input.organizationId === undefined ? actor.organizationId : input.organizationId;
  const target = { organizationId };
  assertCan(actor, 'users.write', target, 'users.read', 'Organization');
  for (const role of input.roles) {
    if (!canGrantRole(actor, role, target)) throw forbidden(`You may not grant the role ${role}`);
  }
  const organization = await findOrganizationSummary(ctx.db, organizationId);
  if (organizationId && !organization) throw fieldError('organizationId', 'No such organisation');
  if (input.password) await assertAcceptablePassword(input.password, input, 'password');
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    const row = await ctx.db.transaction().execute(async (tx) => {
      const created = await insertUser(tx, {
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
        roles: input.roles,
        organizationId,
        passwordHash,
        status: 'active',
        approvedAt: new Date(),
        firstTimeLogin: true,
      });
      // No link for a member of an inactive organisation: they could not use it. Once it is
      // active again, "forgot password" sends one.
      const passwordLinkSent =
        !input.password &&
        (await issuePasswordLink(tx, ctx.mailQueue, { user: created, organization }, 'set_password'));
      await recordActorAudit(tx, ctx, {
        action: 'users.create',
        targetType: 'user',
        targetId: created.id,
        organizationId,
        metadata: { roles: input.roles, passwordLinkSent },
      });
      return created;
    });
    return presentUser(ctx, row);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
    throw error;
  }
}

export async function getUser(ctx: AuthedContext, id: string) {
  return presentUser(ctx, await loadReadableUser(ctx, id));
}

export async function updateUser(
  ctx: AuthedContext,
  input: { id: string; patch: UserUpdate; currentPassword?: string | undefined },
) {
  const { actor } = ctx;
  const current = await loadWritableUser(ctx, input.id, 'users.write');
  const { patch } = input;
  await assertMayChangeEmail(ctx, current, patch.email, input.currentPassword);
  await assertMayMove(ctx.db, actor, current, patch.organizationId, 'patch.organizationId');
  const changed = changedFields(current, patch);
  // Nothing to change: no write, no audit event.
  if (changed.length === 0) return presentUser(ctx, current);
  const now = new Date();
  const moves = patch.organizationId !== undefined && patch.organizationId !== current.organizationId;
  const redates = patch.effectiveDate !== undefined && patch.effectiveDate !== current.effectiveDate;
  // An effective date still to come keeps the user out from now on, as disabling does.
  const locksOut = redates && isNotYetEffective({ effectiveDate: patch.effectiveDate ?? null }, now);
  let ended: string[] = [];
  try {
    const row = await ctx.db.transaction().execute(async (tx) => {
      if (moves || redates) {
        // A move into an inactive organisation, or an effective date still to come, locks the
        // user out: the last active admin stays.
        const locked = await lockUserById(tx, current.id);
        if (!locked) throw notFound('User');
        await assertKeepsAnActiveAdmin(tx, locked, { ...locked, ...patch } as UserRow, now);
      }
      const updated = await updateUserRow(tx, current.id, patch);
      await queueEmailChangedNotice(ctx.mailQueue, current, updated.email);
      if (locksOut) ended = await endUserSessions(tx, current.id);
      await recordActorAudit(tx, ctx, {
        action: 'users.update',
        targetType: 'user',
        targetId: current.id,
        organizationId: updated.organizationId,
        metadata: { changedFields: changed },
      });
      return updated;
    });
    if (ended.length) await ctx.sessionEvents.ended(ended);
    await ctx.sessionEvents.accessChanged(accessChanges([{ before: current, after: row }]));
    return presentUser(ctx, row);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
    if (isUniqueViolation(error, 'users_username_key')) {
      throw fieldError('username', 'This username is already in use', 'CONFLICT');
    }
    throw error;
  }
}

/** users.updateNpi: the NPI alone (already checked against the CMS rule by the input schema). */
export function updateNpi(ctx: AuthedContext, input: { id: string; npi: string }) {
  return updateUser(ctx, { id: input.id, patch: { npi: input.npi } });
}

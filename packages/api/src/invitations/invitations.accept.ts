import { hashPassword, sha256Hex } from '@praxis/auth';
import { recordAudit } from '../audit/audit.queries';
import { assertAcceptablePassword } from '../auth/auth.password-rule';
import type { Context } from '../context';
import { AppError, isUniqueViolation, notFound } from '../errors';
import { toUser } from '../users/users.mapper';
import { findOrganizationSummary, findUserByEmail, insertUser } from '../users/users.queries';
import { invitationStatus } from './invitations.mapper';
import { claimInvitation, findInvitationByTokenHash } from './invitations.queries';

const unusable = {
  accepted: 'This invitation has already been accepted. Sign in instead.',
  revoked: 'This invitation was withdrawn. Ask your administrator for a new one.',
  expired: 'This invitation has expired. Ask your administrator for a new one.',
} as const;

const accountExists = () =>
  new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.');

/**
 * The invitation a token opens, with its organisation, if it can still be accepted: an unknown
 * token is NOT_FOUND; a used, revoked or expired one, or one into an organisation that is no
 * longer active, is CONFLICT with the reason.
 */
async function openInvitation(ctx: Context, token: string) {
  const invitation = await findInvitationByTokenHash(ctx.db, sha256Hex(token));
  if (!invitation) throw notFound('Invitation');
  const status = invitationStatus(invitation);
  if (status !== 'pending') throw new AppError('CONFLICT', unusable[status]);
  const organization = await findOrganizationSummary(ctx.db, invitation.organizationId);
  if (organization && (organization.status !== 'active' || organization.archivedAt)) {
    throw new AppError(
      'CONFLICT',
      'The organisation of this invitation is not active. Contact your administrator.',
    );
  }
  return { invitation, organization };
}

export async function lookupInvitation(ctx: Context, token: string) {
  const { invitation, organization } = await openInvitation(ctx, token);
  return {
    email: invitation.email,
    firstName: invitation.firstName,
    lastName: invitation.lastName,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    roles: invitation.roles,
    expiresAt: invitation.expiresAt,
  };
}

/**
 * Creates the account the invitation describes (its organisation and roles, the chosen password)
 * and marks the invitation accepted in one transaction, then signs the new user in.
 */
export async function acceptInvitation(
  ctx: Context,
  input: { token: string; password: string; firstName?: string | undefined; lastName?: string | undefined },
) {
  const { invitation, organization } = await openInvitation(ctx, input.token);
  await assertAcceptablePassword(
    input.password,
    {
      email: invitation.email,
      firstName: input.firstName ?? invitation.firstName,
      lastName: input.lastName ?? invitation.lastName,
    },
    'password',
  );
  if (await findUserByEmail(ctx.db, invitation.email)) throw accountExists();
  const passwordHash = await hashPassword(input.password);
  const { req } = ctx;
  const now = new Date();
  let user: Awaited<ReturnType<typeof insertUser>>;
  try {
    user = await ctx.db.transaction().execute(async (tx) => {
      const created = await insertUser(tx, {
        email: invitation.email,
        firstName: input.firstName ?? invitation.firstName ?? '',
        lastName: input.lastName ?? invitation.lastName ?? '',
        roles: invitation.roles,
        organizationId: invitation.organizationId,
        passwordHash,
        status: 'active',
        approvedAt: now,
        // They chose their password just now.
        firstTimeLogin: false,
        lastLoginAt: now,
        // The invitation link was mailed to this address: following it proves the address.
        emailConfirmedAt: now,
      });
      if (!(await claimInvitation(tx, invitation.id, created.id, now)))
        throw new AppError('CONFLICT', unusable.accepted);
      await recordAudit(tx, {
        actorId: created.id,
        action: 'invitations.accept',
        targetType: 'invitation',
        targetId: invitation.id,
        organizationId: invitation.organizationId,
        ip: req.ip,
        metadata: {
          userId: created.id,
          invitedBy: invitation.invitedBy,
          roles: invitation.roles,
        },
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw accountExists();
    throw error;
  }
  const session = await ctx.sessions.create(user.id, { ip: req.ip, userAgent: req.userAgent });
  req.resHeaders.append('set-cookie', session.cookie);
  return { user: toUser(user, organization), token: session.token };
}

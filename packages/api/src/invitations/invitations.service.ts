import { generateToken, sha256Hex } from '@praxis/auth';
import type { Executor, InvitationRow, InvitationStatus, Role } from '@praxis/db';
import { type Actor, can, canGrantRole, scopeOf } from '@praxis/policy';
import type { listInvitationsInput } from '@praxis/validators';
import type { z } from 'zod';
import { auditEmailHash } from '../audit/audit.email';
import { recordActorAudit } from '../audit/audit.queries';
import { AppError, fieldError, forbidden, notFound } from '../errors';
import { pagedList } from '../list-paging';
import { assertCan } from '../policy-guard';
import type { AuthedContext } from '../trpc';
import { findOrganizationSummary, findUserByEmail } from '../users/users.queries';
import { INVITATION_TTL_MS, sendInvitationMail } from './invitations.mail';
import { invitationStatus, toInvitation } from './invitations.mapper';
import {
  findInvitation,
  findPendingInvitation,
  insertInvitation,
  invitationsMatching,
  selectInvitationPage,
  updateInvitation,
} from './invitations.queries';

const INVITATION = 'Invitation';

export interface CreateInvitationInput {
  email: string;
  roles: Role[];
  organizationId?: string | null | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

function assertMayGrant(actor: Actor, roles: readonly Role[], organizationId: string | null) {
  for (const role of roles) {
    if (!canGrantRole(actor, role, { organizationId })) throw forbidden(`You may not grant the role ${role}`);
  }
}

/** The organisation to invite into must exist and be active; returns its name (null: none). */
async function invitableOrganization(db: Executor, organizationId: string | null): Promise<string | null> {
  if (!organizationId) return null;
  const org = await findOrganizationSummary(db, organizationId);
  if (!org) throw fieldError('organizationId', 'No such organisation');
  if (org.status !== 'active' || org.archivedAt) {
    throw fieldError('organizationId', 'This organisation is not active', 'CONFLICT');
  }
  return org.name;
}

async function assertNoAccount(db: Executor, email: string) {
  if (await findUserByEmail(db, email)) {
    throw fieldError('email', 'An account with this email already exists', 'CONFLICT');
  }
}

function audit(
  ctx: AuthedContext,
  db: Executor,
  action: string,
  row: InvitationRow,
  metadata?: Record<string, unknown>,
) {
  return recordActorAudit(db, ctx, {
    action,
    targetType: 'invitation',
    targetId: row.id,
    organizationId: row.organizationId,
    // The invitation row holds the address; the log, which outlives it, only a keyed hash of it.
    metadata: { emailHash: auditEmailHash(ctx.keys, row.email), ...metadata },
  });
}

const newToken = () => {
  const token = generateToken();
  return { token, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS) };
};

export async function createInvitation(ctx: AuthedContext, input: CreateInvitationInput) {
  const { actor } = ctx;
  const organizationId = input.organizationId === undefined ? actor.organizationId : input.organizationId;
  assertCan(actor, 'invitations.write', { organizationId }, 'invitations.read', 'Organization');
  assertMayGrant(actor, input.roles, organizationId);
  const organizationName = await invitableOrganization(ctx.db, organizationId);
  await assertNoAccount(ctx.db, input.email);
  const pending = await findPendingInvitation(ctx.db, input.email, organizationId);
  if (pending?.mailQueuedAt) {
    throw fieldError('email', 'This email already has a pending invitation: resend it instead', 'CONFLICT');
  }
  await ctx.rateLimits.consume('invitationsPerInviter', actor.id);

  const { token, tokenHash, expiresAt } = newToken();
  const details = {
    roles: input.roles,
    firstName: input.firstName || null,
    lastName: input.lastName || null,
    invitedBy: actor.id,
    tokenHash,
    expiresAt,
  };
  const row = await ctx.db.transaction().execute(async (tx) => {
    // A pending invitation whose mail never left (the queue was down) is issued again rather
    // than refused, so repeating a create that answered SERVICE_UNAVAILABLE just works.
    const saved = pending
      ? await updateInvitation(tx, pending.id, {
          ...details,
          sendCount: pending.sendCount + 1,
          mailQueuedAt: null,
        })
      : await insertInvitation(tx, { ...details, email: input.email, organizationId });
    await audit(ctx, tx, 'invitations.create', saved, { roles: input.roles });
    return saved;
  });
  return toInvitation(await sendInvitationMail(ctx, row, token, organizationName));
}

/** An invitation the actor may read, or NOT_FOUND. */
async function loadReadableInvitation(ctx: AuthedContext, id: string) {
  const row = await findInvitation(ctx.db, id);
  if (!row || !can(ctx.actor, 'invitations.read', row)) throw notFound(INVITATION);
  return row;
}

const closed: Partial<Record<InvitationStatus, string>> = {
  accepted: 'This invitation has already been accepted',
  revoked: 'This invitation was revoked',
};

/** A new link (the previous one dies at once), valid 7 days from now, mailed again. */
export async function resendInvitation(ctx: AuthedContext, id: string) {
  const current = await loadReadableInvitation(ctx, id);
  assertCan(ctx.actor, 'invitations.write', current, 'invitations.read', INVITATION);
  const reason = closed[invitationStatus(current)];
  if (reason) throw new AppError('CONFLICT', reason);
  assertMayGrant(ctx.actor, current.roles, current.organizationId);
  const organizationName = await invitableOrganization(ctx.db, current.organizationId);
  await assertNoAccount(ctx.db, current.email);
  await ctx.rateLimits.consume('invitationsPerInviter', ctx.actor.id);

  const { token, tokenHash, expiresAt } = newToken();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const saved = await updateInvitation(tx, current.id, {
      tokenHash,
      expiresAt,
      sendCount: current.sendCount + 1,
      mailQueuedAt: null,
    });
    await audit(ctx, tx, 'invitations.resend', saved);
    return saved;
  });
  return toInvitation(await sendInvitationMail(ctx, row, token, organizationName));
}

export async function revokeInvitation(ctx: AuthedContext, id: string) {
  const current = await loadReadableInvitation(ctx, id);
  assertCan(ctx.actor, 'invitations.write', current, 'invitations.read', INVITATION);
  const status = invitationStatus(current);
  if (status === 'accepted') throw new AppError('CONFLICT', closed.accepted ?? '');
  if (status === 'revoked') return toInvitation(current);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const saved = await updateInvitation(tx, current.id, { revokedAt: new Date() });
    await audit(ctx, tx, 'invitations.revoke', saved);
    return saved;
  });
  return toInvitation(row);
}

const newestFirst = pagedList('invitations:createdAt:desc');

export async function listInvitationsFor(ctx: AuthedContext, input: z.output<typeof listInvitationsInput>) {
  const now = new Date();
  const filter = {
    scope: scopeOf(ctx.actor, 'invitations.read'),
    organizationId: input.organizationId,
    status: input.status,
    now,
  };
  return newestFirst.read(ctx.db, input, {
    page: (window) => selectInvitationPage(ctx.db, filter, window),
    matching: invitationsMatching(ctx.db, filter),
    sortValue: (row) => row.sortKey,
    toItems: (rows) => rows.map((row) => toInvitation(row, now)),
  });
}

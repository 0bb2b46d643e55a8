import type { Database, Executor, InvitationStatus, InvitationUpdate, NewInvitation } from '@praxis/db';
import { type ExpressionBuilder, sql } from 'kysely';
import type { OrganizationScope, PageWindow } from '../list-paging';

type Eb = ExpressionBuilder<Database, 'invitations'>;

/** The SQL form of a computed status (expiry needs no job: it is read against the clock). */
export function statusIs(eb: Eb, status: InvitationStatus, now: Date) {
  const open = eb.and([eb('invitations.acceptedAt', 'is', null), eb('invitations.revokedAt', 'is', null)]);
  switch (status) {
    case 'accepted':
      return eb('invitations.acceptedAt', 'is not', null);
    case 'revoked':
      return eb('invitations.revokedAt', 'is not', null);
    case 'expired':
      return eb.and([open, eb('invitations.expiresAt', '<=', now)]);
    case 'pending':
      return eb.and([open, eb('invitations.expiresAt', '>', now)]);
  }
}

export function insertInvitation(db: Executor, values: NewInvitation) {
  return db.insertInto('invitations').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateInvitation(db: Executor, id: string, patch: InvitationUpdate) {
  return db
    .updateTable('invitations')
    .set({ ...patch, updatedAt: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findInvitation(db: Executor, id: string) {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findInvitationByTokenHash(db: Executor, tokenHash: string) {
  return db.selectFrom('invitations').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
}

/** The pending invitation of this email into this organisation (null: into none), if any. */
export function findPendingInvitation(
  db: Executor,
  email: string,
  organizationId: string | null,
  now = new Date(),
) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('email', '=', email)
    .where(sql<boolean>`organization_id IS NOT DISTINCT FROM ${organizationId}`)
    .where((eb) => statusIs(eb, 'pending', now))
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
}

/** Records that the mail of token number `sendCount` was queued (a later resend's token wins). */
export async function markMailQueued(db: Executor, id: string, sendCount: number, now = new Date()) {
  const row = await db
    .updateTable('invitations')
    .set({ mailQueuedAt: now })
    .where('id', '=', id)
    .where('sendCount', '=', sendCount)
    .returningAll()
    .executeTakeFirst();
  return row;
}

/** Marks the invitation accepted by `userId` if it is still pending; undefined when it is not. */
export function claimInvitation(db: Executor, id: string, userId: string, now = new Date()) {
  return db
    .updateTable('invitations')
    .set({ acceptedAt: now, acceptedUserId: userId, updatedAt: now })
    .where('id', '=', id)
    .where((eb) => statusIs(eb, 'pending', now))
    .returningAll()
    .executeTakeFirst();
}

export interface InvitationFilter {
  /** Invitations into no organisation need the `all` scope. */
  scope: OrganizationScope;
  organizationId?: string | undefined;
  status?: InvitationStatus | undefined;
  now: Date;
}

/** Invitations matching the filter, inside the caller's scope (no selection: count or page it). */
export function invitationsMatching(db: Executor, filter: InvitationFilter) {
  let query = db.selectFrom('invitations');
  const { scope, status } = filter;
  if (!scope.all) {
    query = scope.organizationIds.length
      ? query.where('invitations.organizationId', 'in', scope.organizationIds)
      : query.where(sql<boolean>`false`);
  }
  if (filter.organizationId) query = query.where('invitations.organizationId', '=', filter.organizationId);
  if (status) query = query.where((eb) => statusIs(eb, status, filter.now));
  return query;
}

/** A page, newest first, from `offset` or after the keyset position `after`. */
export function selectInvitationPage(db: Executor, filter: InvitationFilter, window: PageWindow) {
  let query = invitationsMatching(db, filter);
  if (window.after) {
    query = query.where(
      sql<boolean>`(invitations.created_at, invitations.id) < (${window.after.value}::timestamptz, ${window.after.id}::uuid)`,
    );
  }
  return (
    query
      .selectAll('invitations')
      // As text, so the keyset keeps the microseconds a JS Date would drop.
      .select(sql<string>`invitations.created_at::text`.as('sortKey'))
      .orderBy('invitations.createdAt', 'desc')
      .orderBy('invitations.id', 'desc')
      .limit(window.limit)
      .offset(window.offset ?? 0)
      .execute()
  );
}

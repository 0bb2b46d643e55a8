import { endUserSessions } from '@praxis/auth';
import { recordActorAudit } from '../audit/audit.queries';
import { listSessionViews } from '../auth/auth.queries';
import type { AuthedContext } from '../trpc';
import { loadWritableUser } from './users.load';

/** users.sessions: the live sessions of a user the caller may write (never a token or its hash). */
export async function userSessions(ctx: AuthedContext, id: string) {
  const user = await loadWritableUser(ctx, id, 'users.write');
  return listSessionViews(ctx.db, user.id, ctx.session.publicId);
}

/** users.revokeSessions: signs the user out everywhere (the caller's own current session survives). */
export async function revokeUserSessions(ctx: AuthedContext, id: string) {
  const user = await loadWritableUser(ctx, id, 'users.write');
  const keep = user.id === ctx.actor.id ? ctx.session.token : undefined;
  const ended = await ctx.db.transaction().execute(async (tx) => {
    const endedIds = await endUserSessions(tx, user.id, keep);
    await recordActorAudit(tx, ctx, {
      action: 'users.revoke_sessions',
      targetType: 'user',
      targetId: user.id,
      organizationId: user.organizationId,
      metadata: { sessionsEnded: endedIds.length },
    });
    return endedIds;
  });
  if (ended.length) await ctx.sessionEvents.ended(ended);
  return { ok: true as const, revoked: ended.length };
}

import { type Actor, can, scopeOf } from '@praxis/api';
import { type PresenceSnapshot, VIEWERS_ALL_ROOM, viewersOfOrganizationRoom } from '@praxis/presence';

/** The viewer rooms an actor joins, from the one policy: every organisation, its own, or none. */
export function viewerRoomsOf(actor: Actor): string[] {
  const scope = scopeOf(actor, 'presence.read');
  if (scope.all) return [VIEWERS_ALL_ROOM];
  return scope.organizationIds.map(viewersOfOrganizationRoom);
}

/** `presence:snapshot`: the online users this viewer may read. */
export function snapshotFor(actor: Actor, snapshot: PresenceSnapshot) {
  return {
    seq: snapshot.seq,
    users: snapshot.users
      .filter((user) => can(actor, 'presence.read', { organizationId: user.organizationId }))
      .map((user) => ({
        userId: user.userId,
        online: true,
        lastActivity: user.lastActivity?.toISOString() ?? null,
      })),
  };
}

export type PresenceSnapshotPayload = ReturnType<typeof snapshotFor>;

import { type Actor, can, scopeOf } from '@praxis/policy';
import { type PresenceSnapshot, viewerRoomsOf as roomsOfScope } from '@praxis/presence';

/** The viewer rooms an actor joins: the policy's presence.read scope, as rooms (@praxis/presence). */
export function viewerRoomsOf(actor: Actor): string[] {
  return roomsOfScope(scopeOf(actor, 'presence.read'));
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

/**
 * Who hears whom on the presence stream, in one place. The policy answers which organisations a
 * viewer may read (`scopeOf(actor, 'presence.read')`: every one, or a list); each such answer is
 * a socket.io room the viewer joins, and an update about a user goes to every room whose answer
 * covers that user's organisation. Nothing else decides who hears an update.
 */

/** What the policy's `scopeOf(actor, 'presence.read')` answers. */
export type PresenceReadScope = { all: true } | { all: false; organizationIds: readonly string[] };

/** Viewers who may read every organisation (admin, support). */
export const VIEWERS_ALL_ROOM = 'viewers:all';
/** Viewers who may read the users of one organisation. */
export const viewersOfOrganizationRoom = (organizationId: string) => `viewers:org:${organizationId}`;

/** The rooms a viewer with this scope joins; none when it reads nobody. */
export function viewerRoomsOf(scope: PresenceReadScope): string[] {
  if (scope.all) return [VIEWERS_ALL_ROOM];
  return scope.organizationIds.map(viewersOfOrganizationRoom);
}

/** The rooms an update about a user of this organisation goes to: every viewer allowed to read them. */
export function updateRoomsFor(organizationId: string | null): string[] {
  return organizationId ? [VIEWERS_ALL_ROOM, viewersOfOrganizationRoom(organizationId)] : [VIEWERS_ALL_ROOM];
}

/**
 * How a connected viewer's rooms change with their rights: the rooms to leave, the rooms to be
 * in (joining one held already changes nothing), and whether they hear other users than before.
 */
export function viewerRoomChange(
  before: readonly string[],
  after: readonly string[],
): { leave: string[]; join: string[]; changed: boolean } {
  const leave = before.filter((room) => !after.includes(room));
  const changed = leave.length > 0 || after.some((room) => !before.includes(room));
  return { leave, join: [...after], changed };
}

export { createPresenceAnnouncer, type PresenceAnnouncer } from './announcer';
export {
  createPresenceBroadcaster,
  PRESENCE_NAMESPACE,
  type PresenceBroadcaster,
  type PresenceUpdate,
  REGROUP_EVENT,
  type RegroupRequest,
  sessionRoom,
  socketIoKey,
  toPresenceUpdate,
} from './broadcast';
export { createLastActivityWriter, type LastActivityWriter, saveLastActivity } from './last-activity';
export {
  createPresenceStore,
  type HeartbeatEntry,
  type PresenceChange,
  type PresenceSnapshot,
  type PresenceStore,
  presenceKeys,
} from './store';
export { PRESENCE_SWEEP_QUEUE, type PresenceSweeper, startPresenceSweeper, sweepOnce } from './sweeper';
export { type PresenceTiming, presenceTiming } from './timing';
export {
  type PresenceReadScope,
  updateRoomsFor,
  VIEWERS_ALL_ROOM,
  viewerRoomChange,
  viewerRoomsOf,
  viewersOfOrganizationRoom,
} from './viewer-rooms';

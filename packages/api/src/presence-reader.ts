/**
 * What the API asks of presence. The Redis implementation lives in @praxis/presence; until a
 * process wires one in, nobody is online.
 */
export interface PresenceReader {
  /** The ids among `userIds` that are online now. */
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /** Every user online now (for the `online` filter and counts). */
  allOnline(): Promise<string[]>;
}

export const nobodyOnline: PresenceReader = {
  onlineAmong: async () => new Set(),
  allOnline: async () => [],
};

/**
 * Told after sessions end (sign-out, revocation, password change, disable, archive, organisation
 * deactivation), once the ending transaction has committed, so realtime connections of those
 * sessions can be closed on every instance. The presence layer implements it; the default does
 * nothing.
 */
export interface SessionEvents {
  ended(sessionPublicIds: readonly string[]): Promise<void>;
}

export const ignoreSessionEvents: SessionEvents = { ended: async () => {} };

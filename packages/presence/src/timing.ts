/**
 * Derives the presence clocks from PRESENCE_TIMEOUT_SECONDS (T), the longest a dead instance's
 * users may stay online. A socket lives 2T/3 past its instance's last heartbeat; instances beat
 * every T/6 (three missed beats before a socket lapses) and the sweeper runs every T/6, so a
 * user of a killed instance is announced offline at most 2T/3 + T/6 = 5T/6 after the kill.
 */
export function presenceTiming(timeoutSeconds: number) {
  const timeoutMs = timeoutSeconds * 1_000;
  return {
    timeoutMs,
    socketTtlMs: Math.round((timeoutMs * 2) / 3),
    heartbeatMs: Math.round(timeoutMs / 6),
    sweepEveryMs: Math.round(timeoutMs / 6),
  };
}

export type PresenceTiming = ReturnType<typeof presenceTiming>;

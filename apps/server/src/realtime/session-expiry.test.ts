import { afterEach, describe, expect, it } from 'vitest';
import { createSessionExpiryWatch, type WatchedSocket } from './session-expiry';

// The watch's scheduling on its own: sockets and the session check are stand-ins with the two
// members it uses; realtime.test.ts covers sockets closed when a session ends over HTTP.

type Answer = { expiresAt: Date } | null | 'outage';
function fixture() {
  const answers = new Map<string, Answer>();
  const asked: string[] = [];
  const watch = createSessionExpiryWatch({
    validate: async (token: string) => {
      asked.push(token);
      const answer = answers.get(token) ?? null;
      if (answer === 'outage') throw new Error('Postgres is down');
      return answer as never;
    },
  });
  const socket = (token: string, expiresAtMs: number) => {
    const s = {
      data: { token, sessionExpiresAtMs: expiresAtMs },
      connected: true as boolean,
      closedWith: undefined as boolean | undefined,
      disconnect(close: boolean) {
        s.connected = false;
        s.closedWith = close;
      },
    } satisfies WatchedSocket & { closedWith?: boolean };
    return s;
  };
  return { answers, asked, watch, socket };
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('session expiry watch', () => {
  it('checks a socket once its session has expired, and closes it when the session is gone', async () => {
    const { answers, asked, watch, socket } = fixture();
    close = watch.close;
    const now = Date.now();
    const ended = socket('ended', now + 5_000);
    const extended = socket('extended', now + 5_000);
    const later = socket('later', now + 60_000);
    for (const s of [ended, extended, later]) watch.watch(s);
    answers.set('extended', { expiresAt: new Date(now + 3_600_000) });

    await watch.tick(now + 4_000);
    expect(asked).toEqual([]);
    await watch.tick(now + 6_000);
    expect(asked.sort()).toEqual(['ended', 'extended']);
    expect(ended.closedWith).toBe(true);
    expect(extended.connected).toBe(true);
    // Watched again until its new expiry.
    expect(extended.data.sessionExpiresAtMs).toBe(now + 3_600_000);
    expect(watch.size).toBe(2);

    answers.set('extended', null); // signed out meanwhile
    await watch.tick(now + 3_600_000 + 1_000);
    expect(asked.filter((token) => token === 'extended')).toHaveLength(2);
    expect(extended.closedWith).toBe(true);
    expect(later.closedWith).toBe(true);
    expect(watch.size).toBe(0);
  });

  it('keeps a socket through a failed check and asks again a minute later', async () => {
    const { answers, asked, watch, socket } = fixture();
    close = watch.close;
    const now = Date.now();
    const s = socket('t', now + 2_000);
    watch.watch(s);
    answers.set('t', 'outage');
    await watch.tick(now + 3_000);
    expect(s.connected).toBe(true);
    expect(s.data.sessionExpiresAtMs).toBeGreaterThanOrEqual(now + 55_000);
    answers.set('t', null);
    await watch.tick(now + 30_000);
    expect(asked).toEqual(['t']);
    await watch.tick(Date.now() + 61_000);
    expect(asked).toEqual(['t', 't']);
    expect(s.closedWith).toBe(true);
  });

  it('forgets a socket that disconnects, before or during its check', async () => {
    const { answers, asked, watch, socket } = fixture();
    close = watch.close;
    const now = Date.now();
    const gone = socket('gone', now + 2_000);
    const leaving = socket('leaving', now + 2_000);
    watch.watch(gone);
    watch.watch(leaving);
    watch.unwatch(gone);
    answers.set('leaving', { expiresAt: new Date(now + 3_600_000) });
    const check = watch.tick(now + 3_000);
    leaving.connected = false; // its disconnect arrives while Postgres answers
    watch.unwatch(leaving);
    await check;
    expect(asked).toEqual(['leaving']);
    expect(watch.size).toBe(0);
  });
});

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresenceSocket } from './connection';
import { releaseHandshakeRequest, releaseUpgradeResponse } from './release-upgrade';

// socket.io/engine.io themselves (in memory, no Redis): what a connected socket still holds of its
// upgrade request once the handshake is over, and that it keeps working without it.

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('releasing the upgrade request', () => {
  it('leaves the socket nothing of the request or its cookie, and the socket keeps working', async () => {
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'] });
    const seen: { res?: { req?: IncomingMessage; socket?: NodeJS.EventEmitter }; closeListeners?: number } =
      {};
    io.engine.use((_req: IncomingMessage, res: never, next: () => void) => {
      seen.res = res;
      next();
    });
    io.engine.use(releaseUpgradeResponse);
    const cookieInHandshake: Array<string | undefined> = [];
    const connected = new Promise<PresenceSocket>((resolve) => {
      io.of('/').on('connection', (socket) => {
        cookieInHandshake.push(socket.handshake.headers.cookie);
        releaseHandshakeRequest(socket as unknown as PresenceSocket);
        resolve(socket as unknown as PresenceSocket);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      transports: ['websocket'],
      extraHeaders: { cookie: 'session=secret-token' },
      reconnection: false,
    });
    stop = async () => {
      client.disconnect();
      await io.close();
    };

    const socket = await connected;
    // The handshake saw the cookie; the socket holds it no more.
    expect(cookieInHandshake).toEqual(['session=secret-token']);
    expect(socket.handshake.headers).toEqual({});
    expect(socket.handshake.query).toEqual({});
    expect(socket.handshake.url).toBe('');
    expect((socket.conn as { request?: unknown }).request).toBeUndefined();
    // engine.io's stand-in response forgot the request and is no longer on the TCP socket's close.
    expect(seen.res?.req).toBeUndefined();
    expect(
      seen.res?.socket?.listeners('close').some((listener) => /this\.emit\(["']close/.test(String(listener))),
    ).toBe(false);

    const heard = new Promise((resolve) => client.once('hello', resolve));
    socket.emit('presence:reconnect', { reason: 'access_changed' });
    io.of('/').emit('hello', 'still here');
    expect(await heard).toBe('still here');
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    client.disconnect();
    expect(await gone).toBe('client namespace disconnect');
  });
});

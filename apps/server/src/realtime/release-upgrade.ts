import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { PresenceSocket } from './connection';

// What socket.io and engine.io keep of a WebSocket's upgrade request for the connection's whole
// life, though only the handshake reads it: an IncomingMessage with its raw and parsed headers
// (the session cookie among them), about 2 KiB a socket. Let go of once the handshake is done.

interface UpgradeResponse {
  req?: IncomingMessage;
  socket?: Socket;
  writeHead(): void;
}

/** Writes the stand-in response's headers (a no-op), then forgets the request. */
function writeHeadAndRelease(this: UpgradeResponse): void {
  (Object.getPrototypeOf(this) as UpgradeResponse).writeHead.call(this);
  this.req = undefined;
}

// engine.io's WebSocketResponse relays the TCP socket's `close` to itself, for middlewares like
// pino-http that wait for the response's; we have none (checked by what the relay does).
const CLOSE_RELAY = /^\(\)\s*=>\s*this\.emit\(["']close["']\)$/;

/**
 * An engine.io middleware (`io.engine.use`). For an upgrade, engine.io passes middlewares a
 * stand-in response (WebSocketResponse) that it subscribes to the TCP socket's `close` (the last
 * listener there when middlewares run), which keeps it and the request alive as long as the
 * connection. Unsubscribe it; and in case a later engine.io subscribes differently, drop the
 * request from it at `writeHead()`, which engine.io calls right before ws takes over (it reads the
 * request through the response no more after that).
 */
export function releaseUpgradeResponse(
  _req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  if (!(res instanceof ServerResponse)) {
    const response = res as unknown as UpgradeResponse;
    response.writeHead = writeHeadAndRelease;
    const relay = response.socket?.listeners('close').at(-1);
    if (relay && CLOSE_RELAY.test(relay.toString())) response.socket?.off('close', relay as () => void);
  }
  next();
}

const NO_HEADERS = Object.freeze({}) as PresenceSocket['handshake']['headers'];
const NO_QUERY = Object.freeze({}) as PresenceSocket['handshake']['query'];

/**
 * Drops engine.io's reference to the upgrade request and socket.io's handshake headers and query
 * (which point into it), and the handshake's url and time strings, once the handshake
 * (handshake.ts) has read them (`issued` keeps the time). The redis adapter would
 * also ship those headers, cookie included, to other instances on a fetchSockets.
 */
export function releaseHandshakeRequest(socket: PresenceSocket): void {
  (socket.conn as { request?: unknown }).request = undefined;
  socket.handshake.headers = NO_HEADERS;
  socket.handshake.query = NO_QUERY;
  socket.handshake.url = '';
  socket.handshake.time = '';
}

import type { Redis } from 'ioredis';
import type { Metrics } from './registry';

type Command = Parameters<Redis['sendCommand']>[0];

/**
 * Counts this connection's failed commands and connection errors in `praxis_redis_errors_total`.
 * ioredis has no per-command hook, so the connection's own `sendCommand` is wrapped: each command
 * still rejects to its caller as before; the counter only watches. NOSCRIPT is not counted: it is
 * how ioredis learns to load a script, and it retries with the script itself.
 */
export function watchRedis(metrics: Metrics, redis: Redis, client: string): void {
  const failedCommands = metrics.redisErrors.labels({ client, kind: 'command' });
  const connectionErrors = metrics.redisErrors.labels({ client, kind: 'connection' });
  failedCommands.inc(0);
  connectionErrors.inc(0);
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command: Command, ...rest: unknown[]) => {
    command.promise?.catch((error: unknown) => {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) failedCommands.inc();
    });
    return send(command, ...(rest as [Parameters<Redis['sendCommand']>[1]]));
  };
  redis.on('error', () => connectionErrors.inc());
}

import type { Db } from '../schema';

/**
 * `target` as it is, except that each call of its method `method` is told to `onCall` (with its
 * arguments) before it runs: for tests that count the round trips a piece of work costs.
 */
export function recordingCalls<T extends object>(
  target: T,
  method: keyof T & string,
  onCall: (args: unknown[]) => void,
): T {
  return new Proxy(target, {
    get(original, key) {
      const value = Reflect.get(original, key, original);
      if (key === method) {
        return (...args: unknown[]) => {
          onCall(args);
          return (value as (...given: unknown[]) => unknown).apply(original, args);
        };
      }
      return typeof value === 'function' ? value.bind(original) : value;
    },
  });
}

/** `db`, recording the SQL of each compiled query run through its `executeQuery` (prepared statements are). */
export function recordingStatements(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const recorded = recordingCalls(db, 'executeQuery', ([query]) => {
    statements.push((query as { sql: string }).sql);
  });
  return { db: recorded, statements };
}

import type { Db } from '../schema';

/**
 * `db`, recording the SQL of each compiled query run through its `executeQuery` (prepared
 * statements are): for tests that count the statements a piece of work costs.
 */
export function recordingStatements(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const recorded = new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === 'executeQuery') {
        return (query: { sql: string }, ...rest: unknown[]) => {
          statements.push(query.sql);
          return (value as (...args: unknown[]) => unknown).call(target, query, ...rest);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: recorded, statements };
}

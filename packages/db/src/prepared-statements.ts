import { createHash } from 'node:crypto';
import { type Compilable, type CompiledQuery, createQueryId } from 'kysely';
import type pg from 'pg';
import type { Executor } from './schema';

// SQL texts that run as named prepared statements on pg, by text → statement name.
const statementNames = new Map<string, string>();

const FEATURE_NOT_SUPPORTED = '0A000'; // "cached plan must not change result type"

/**
 * A query that runs on every request (the session lookup), as a named prepared statement on pg:
 * Postgres parses and plans it once per connection, not on every call. Planning the session
 * lookup cost about 4× executing it (pgbench: 4,200 lookups/s unprepared, 17,500 prepared).
 * `build` is compiled once; its SQL must not depend on the values, which are passed on each
 * call as `parameters`, in the order the compiled query uses them. On PGlite it runs as usual.
 */
export function preparedStatement<Row>(build: (db: Executor) => Compilable<Row>) {
  let compiled: CompiledQuery<Row> | undefined;
  return async (db: Executor, parameters: readonly unknown[]): Promise<Row[]> => {
    if (!compiled) {
      compiled = build(db).compile();
      statementNames.set(compiled.sql, `praxis_${digestOf(compiled.sql)}`);
    }
    const result = await db.executeQuery<Row>({ ...compiled, parameters, queryId: createQueryId() });
    return result.rows;
  };
}

// Texts registered by executePrepared, at most this many (each is a statement on every pooled
// connection that runs it): beyond it, new texts run unprepared.
const MAX_DYNAMIC_STATEMENTS = 200;
let dynamicStatements = 0;

/**
 * Runs `query` as a named prepared statement when its SQL text is one of a bounded set of shapes
 * (a list's page for each sort and window kind): Postgres plans the text once per connection and
 * reuses the plan, which for a page of users cost more than executing it (~0.8 ms of ~1.6).
 * Only for statements whose best plan does not depend on the values: the page of a substring
 * search does (a rare term wants its trigram index, a common one the sort's index), so it must
 * not come here; the statements that count or collect all of a search's matches always want the
 * trigram index when the term holds a trigram, and may.
 */
export async function executePrepared<Row>(db: Executor, query: Compilable<Row>): Promise<Row[]> {
  const compiled = query.compile();
  if (!statementNames.has(compiled.sql) && dynamicStatements < MAX_DYNAMIC_STATEMENTS) {
    dynamicStatements += 1;
    statementNames.set(compiled.sql, `praxis_${digestOf(compiled.sql)}`);
  }
  return (await db.executeQuery(compiled)).rows;
}

const digestOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * preparedStatement with named values: `build` receives a placeholder for each name (typed
 * `never`, so it fits any column) and uses it where the value goes; each call passes the values
 * by name. Every parameter of the compiled query must be one of the placeholders.
 */
export function namedPreparedStatement<Row, Name extends string>(
  names: readonly Name[],
  build: (db: Executor, values: Record<Name, never>) => Compilable<Row>,
) {
  const placeholders = new Map(names.map((name) => [`\u0000${name}\u0000`, name]));
  const values = Object.fromEntries([...placeholders].map(([placeholder, name]) => [name, placeholder]));
  let order: Name[] | undefined;
  const run = preparedStatement((db) => build(db, values as Record<Name, never>));
  return async (db: Executor, given: Record<Name, unknown>): Promise<Row[]> => {
    order ??= build(db, values as Record<Name, never>)
      .compile()
      .parameters.map((parameter) => {
        const name = typeof parameter === 'string' ? placeholders.get(parameter) : undefined;
        if (name === undefined) throw new Error(`Not a named placeholder: ${String(parameter)}`);
        return name;
      });
    return run(
      db,
      order.map((name) => given[name]),
    );
  };
}

type QueryFn = (...args: unknown[]) => unknown;

/** Turns a result's rows, read as arrays of values in column order, into objects (see `usePreparedStatements`). */
export type RowsOf = (fields: readonly { name: string }[], rows: unknown[][]) => Record<string, unknown>[];

/**
 * Makes a pg client run registered SQL texts as named statements (pg parses each once per
 * connection). A statement whose result columns changed under it (a migration added a column
 * while this process ran) fails once with 0A000; it is then prepared afresh under a new name.
 * With `rowsOf`, Kysely's queries read their rows as arrays of values and `rowsOf` builds the
 * row objects: pg would otherwise build an object per row keyed by the database's names, only for
 * it to be renamed into another.
 */
export function usePreparedStatements(client: pg.PoolClient, rowsOf?: RowsOf): void {
  const query = client.query.bind(client) as unknown as QueryFn;
  let generation = 0;
  // pg is given a callback, not asked for its promise. With pg's promise, every result (its rows
  // and their values) outlived two scavenges and went to V8's old space: one page of users at a
  // time through Kysely, 1.3 MB promoted a scavenge, scavenges of ~4 ms and a full collection every
  // few seconds; with a callback, 31 KB and ~1.2 ms (--trace-gc-nvp). Why pg's promise keeps them
  // was not found; pg's own callback path (`pool.query`) never did.
  const run = async (text: string, values: unknown, name: string | undefined) => {
    const config = {
      text,
      values,
      ...(name && { name: `${name}_${generation}` }),
      ...(rowsOf && { rowMode: 'array' }),
    };
    const result = await new Promise<unknown>((resolve, reject) =>
      query(config, (error: unknown, answer: unknown) => (error ? reject(error) : resolve(answer))),
    );
    return rowsOf ? withObjectRows(result, rowsOf) : result;
  };
  client.query = (async (...args: unknown[]) => {
    const [text, values] = args;
    // Kysely's calls: a text and its values. Anything else (pool checks, cursors) as it was.
    if (typeof text !== 'string' || args.length !== 2) return query(...args);
    const name = statementNames.get(text);
    try {
      return await run(text, values, name);
    } catch (error) {
      if (!name || (error as { code?: string }).code !== FEATURE_NOT_SUPPORTED) throw error;
      generation += 1;
      return run(text, values, name);
    }
  }) as typeof client.query;
}

type ArrayResult = { fields?: { name: string }[]; rows?: unknown[] };

// A text of several statements (a migration's) answers one result per statement.
function withObjectRows(result: unknown, rowsOf: RowsOf): unknown {
  for (const one of (Array.isArray(result) ? result : [result]) as ArrayResult[]) {
    if (one.rows && one.fields) one.rows = rowsOf(one.fields, one.rows as unknown[][]);
  }
  return result;
}

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

const DATE_OID = 1082;
const keepDateAsText = (value: string) => value;

export interface DbHandle {
  db: Kysely<Database>;
  driver: 'pg' | 'pglite';
  /** Where the data lives, for logs: a redacted URL or a folder. */
  location: string;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database when there is no databaseUrl. */
  dataDir?: string;
  poolSize?: number;
}

const plugins = () => [new CamelCasePlugin({ maintainNestedObjectKeys: true, underscoreBeforeDigits: true })];

/** A pg Pool when a URL is given, else embedded PGlite persisted under `<dataDir>/pglite`. */
export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === DATE_OID
            ? keepDateAsText
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: plugins() });
    return { db, driver: 'pg', location: redactUrl(options.databaseUrl), close: () => db.destroy() };
  }

  const folder = resolve(join(options.dataDir ?? '.data', 'pglite'));
  mkdirSync(folder, { recursive: true });
  const [{ PGlite }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const pglite = await PGlite.create(folder, {
    extensions: { pg_trgm },
    parsers: { [DATE_OID]: keepDateAsText },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), plugins: plugins() });
  return { db, driver: 'pglite', location: folder, close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

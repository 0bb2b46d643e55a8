import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type DbLogger, watchPool } from './pool-watch';
import { type RowsOf, usePreparedStatements } from './prepared-statements';
import { type ArrayRenamer, arrayRenamerFor, type Renamer, renamerFor } from './row-renamer';
import type { Database } from './schema';
import { textArrayParser } from './text-array-parser';
import { timestamptzParser } from './timestamptz-parser';

const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;
const keepDateAsText = (value: string) => value;
const parseTimestamptz = timestamptzParser(
  pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown,
);
const TEXT_ARRAY_OID: number = 1009;
const UUID_ARRAY_OID: number = 2951;
const parseTextArray = textArrayParser(
  pg.types.getTypeParser(TEXT_ARRAY_OID, 'text') as (text: string) => unknown,
);

/** pg's parser of a column's type, but ours for the types a page of users is mostly made of. */
function typeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === DATE_OID) return keepDateAsText;
  if (format === 'binary') return pg.types.getTypeParser(oid, format);
  if (oid === TIMESTAMPTZ_OID) return parseTimestamptz;
  if (oid === TEXT_ARRAY_OID || oid === UUID_ARRAY_OID) return parseTextArray;
  return pg.types.getTypeParser(oid, format);
}

export interface DbHandle {
  db: Kysely<Database>;
  driver: 'pg' | 'pglite';
  /** Where the data lives, for logs: a redacted URL or a folder. */
  location: string;
  /** The pg pool's connections and queued queries (none for the embedded database). */
  poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface CreateDbOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database when there is no databaseUrl. */
  dataDir?: string;
  poolSize?: number;
  /** Where a Postgres outage and its end are logged (once each); pass the process's pino logger. */
  logger?: DbLogger;
  /** How long a query waits for a connection (a new one, or a free one of a full pool); default 5 s. */
  connectTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * CamelCasePlugin, remembering each name it converts: it renames every column of every row
 * (about 50 a user row) and every identifier of every query, always from the same few hundred.
 */
class CachedCamelCasePlugin extends CamelCasePlugin {
  readonly #camel = new Map<string, string>();
  readonly #snake = new Map<string, string>();

  protected override camelCase(name: string): string {
    return remembered(this.#camel, name, () => super.camelCase(name));
  }

  protected override snakeCase(name: string): string {
    return remembered(this.#snake, name, () => super.snakeCase(name));
  }

  // Every row of one result has the same columns in the same order: their names are converted
  // once per result, and nested values (JSON, arrays) are kept as they are, as
  // maintainNestedObjectKeys asks. The plugin's own mapRow converted each name of each row and
  // copied every array (~4% of the server's CPU for a page of users).
  override async transformResult(
    args: Parameters<CamelCasePlugin['transformResult']>[0],
  ): ReturnType<CamelCasePlugin['transformResult']> {
    const { rows } = args.result;
    if (this.#built.has(rows)) return args.result;
    const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
    if (first === null || typeof first !== 'object') return args.result;
    const rename = this.#renamerOf(Object.keys(first));
    const mapped = new Array<Record<string, unknown>>(rows.length);
    for (let i = 0; i < rows.length; i++) mapped[i] = rename(rows[i] as Record<string, unknown>);
    return { ...args.result, rows: mapped };
  }

  readonly #renamers = new Map<string, Renamer>();
  readonly #arrayRenamers = new Map<string, ArrayRenamer>();
  // Row lists built by `rowsOf`, already under their camelCase names.
  readonly #built = new WeakSet<object>();

  /**
   * The rows of a pg result read as arrays (see `usePreparedStatements`), built straight under
   * their camelCase names: what `transformResult` would make of pg's own row objects, with one
   * object per row instead of two (a page of 21 users: 98–109 → 47–74 µs in isolation).
   */
  readonly rowsOf: RowsOf = (fields, rows) => {
    const names = fields.map((field) => field.name);
    const build = remembered(this.#arrayRenamers, names.join('\u0000'), () =>
      arrayRenamerFor(names.map((name) => this.camelCase(name))),
    );
    const built = new Array<Record<string, unknown>>(rows.length);
    for (let i = 0; i < rows.length; i++) built[i] = build(rows[i] as unknown[]);
    this.#built.add(built);
    return built;
  };

  // One renamer per column list.
  #renamerOf(columns: string[]): Renamer {
    return remembered(this.#renamers, columns.join('\u0000'), () =>
      renamerFor(
        columns,
        columns.map((column) => this.camelCase(column)),
      ),
    );
  }
}

function remembered<T>(cache: Map<string, T>, name: string, convert: () => T): T {
  let converted = cache.get(name);
  if (converted === undefined) {
    converted = convert();
    if (cache.size < 10_000) cache.set(name, converted);
  }
  return converted;
}

const camelCasePlugin = () =>
  new CachedCamelCasePlugin({ maintainNestedObjectKeys: true, underscoreBeforeDigits: true });

/** A pg Pool when a URL is given, else embedded PGlite persisted under `<dataDir>/pglite`. */
export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Without it a connect to an unreachable host waits for the kernel (minutes) and requests
      // pile up behind it: fail, answer "unavailable", and let the client retry.
      connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      types: {
        getTypeParser: typeParser as typeof pg.types.getTypeParser,
      },
    });
    const camelCase = camelCasePlugin();
    pool.on('connect', (client) => usePreparedStatements(client, camelCase.rowsOf));
    const location = redactUrl(options.databaseUrl);
    const dialect = new PostgresDialect({
      pool: watchPool(pool, location, options.logger),
      controlClient: pg.Client,
    });
    const db = new Kysely<Database>({ dialect, plugins: [camelCase] });
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { db, driver: 'pg', location, poolStats, close: () => db.destroy() };
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
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), plugins: [camelCasePlugin()] });
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

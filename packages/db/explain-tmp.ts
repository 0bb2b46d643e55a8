import { CamelCasePlugin, type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { selectUserPage, selectUserPageAndCount, usersMatching } from '../api/src/users/users.list.queries';

const captured0: CompiledQuery[] = [];
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.argv[2]! }) }), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true, underscoreBeforeDigits: true })], log: (e) => { captured0.push(e.query); } });
const handle = { close: () => db.destroy() };
const captured: CompiledQuery[] = [];
// capture by wrapping executeQuery
const orig = (db as any).executeQuery.bind(db);
const scenarios: Record<string, any> = {
  page1: { criteria: { scope: { all: true }, filters: {} }, order: { sortBy: 'createdAt', sortDir: 'desc' }, window: { limit: 21 } },
  offset20000: { criteria: { scope: { all: true }, filters: {} }, order: { sortBy: 'createdAt', sortDir: 'desc' }, window: { limit: 21, offset: 20000 } },
  son: { criteria: { scope: { all: true }, search: 'son', filters: {} }, order: { sortBy: 'createdAt', sortDir: 'desc' }, window: { limit: 21 } },
  brow: { criteria: { scope: { all: true }, search: 'brow', filters: {} }, order: { sortBy: 'createdAt', sortDir: 'desc' }, window: { limit: 21 } },
  filters: { criteria: { scope: { all: true }, search: 'son', filters: { roles: ['provider'], status: ['active'] } }, order: { sortBy: 'lastActivity', sortDir: 'desc' }, window: { limit: 21 } },
};
const which = process.argv[3]!;
const kind = process.argv[4]!; // page | both | count | explain
const s = scenarios[which];
const now = new Date();
s.criteria.now = now;
let q: any;
if (kind === 'page') { const r = (selectUserPage as any); /* build only */ }
function inline(c: CompiledQuery) {
  let text = c.sql;
  c.parameters.forEach((p, i) => {
    const v = p instanceof Date ? `'${p.toISOString()}'` : Array.isArray(p) ? `'{${p.join(',')}}'` : typeof p === 'number' ? String(p) : `'${String(p).replace(/'/g, "''")}'`;
    text = text.replace(new RegExp(`\\$${i + 1}(?!\\d)`, 'g'), v);
  });
  return text;
}

if (kind === 'page') await selectUserPage(db as any, s.criteria, s.order, s.window);
if (kind === 'both') await selectUserPageAndCount(db as any, s.criteria, s.order, s.window);
if (kind === 'match') captured.push(usersMatching(db as any, s.criteria).select('users.id').compile());
for (const c of [...captured0, ...captured]) console.log(inline(c) + ';');
await handle.close();

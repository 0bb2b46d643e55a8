import { createTestDeps } from '@praxis/api/testing';
import type { Role } from '@praxis/db';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';

// The CSV exports over HTTP: what a browser's download link and a script with a token get.
type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps);
});
afterAll(() => deps.close());

/** RFC 4180: quoted cells may hold commas, CRLF and doubled quotes; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += char;
  }
  expect(cell, 'the file ends with a complete record').toBe('');
  return records;
}

/** The CSV as header → value objects (the byte order mark checked and dropped). */
async function csvRows(res: Response): Promise<Record<string, string>[]> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header = [], ...records] = parseCsv(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes));
  return records.map((record) => Object.fromEntries(header.map((name, i) => [name, record[i] ?? ''])));
}

const exportUrl = (file: 'users' | 'audit', input?: unknown) =>
  `/exports/${file}.csv${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signIn(roles: Role[], organizationId?: string) {
  const { user, password } = await createTestUser(deps.db, {
    roles,
    ...(organizationId ? { organizationId } : {}),
  });
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { email: user.email, password } }),
  });
  const body = (await res.json()) as { result: { data: { json: { token: string } } } };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { user, token: body.result.data.json.token, cookie };
}

async function listIds(token: string, input: unknown): Promise<string[]> {
  const res = await app.request(
    `/trpc/users.list?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
    { headers: bearer(token) },
  );
  const body = (await res.json()) as { result: { data: unknown } };
  const page = superjson.deserialize<{ items: { id: string }[] }>(body.result.data as never);
  return page.items.map((item) => item.id);
}

const exportEvents = (actorId: string, action: string) =>
  deps.db
    .selectFrom('auditEvents')
    .selectAll()
    .where('actorId', '=', actorId)
    .where('action', '=', action)
    .execute();

describe('GET /exports/users.csv', () => {
  it('lists what users.list lists for the same search, filters and sort, as a dated attachment, and is audited', async () => {
    const org = await createTestOrg(deps.db);
    const marker = `exp${Date.now()}`;
    for (const [n, roles] of [
      [1, ['staff']],
      [2, ['provider']],
      [3, ['staff']],
      [4, ['staff']],
    ] as const) {
      await createTestUser(deps.db, {
        email: `${marker}-${n}@example.test`,
        lastName: `${marker}${5 - n}`,
        roles: [...roles],
        organizationId: org.id,
      });
    }
    const admin = await signIn(['admin']);
    const query = { search: marker, sortBy: 'lastName', sortDir: 'asc', filters: { roles: ['staff'] } };

    const res = await app.request(exportUrl('users', query), { headers: bearer(admin.token) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const day = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="users-${day}.csv"`);
    const rows = await csvRows(res);

    expect(rows.map((row) => row.id)).toEqual(await listIds(admin.token, { ...query, pageSize: 100 }));
    expect(rows.map((row) => row.email)).toEqual([4, 3, 1].map((n) => `${marker}-${n}@example.test`));
    expect(rows[0]).toMatchObject({ roles: 'staff', status: 'active', organization: org.name });
    const header = Object.keys(rows[0] ?? {});
    expect(header).toEqual(expect.arrayContaining(['id', 'email', 'firstName', 'lastName', 'createdAt']));
    expect(header.join(' ')).not.toMatch(/hash|password|token|secret/i);

    const [event, ...more] = await exportEvents(admin.user.id, 'users.export');
    expect(more).toEqual([]);
    expect(event?.metadata).toMatchObject({ format: 'csv', search: marker, filters: { roles: ['staff'] } });
  });

  it('gives a client admin only their own organisation, whatever they ask for', async () => {
    const [own, other] = [await createTestOrg(deps.db), await createTestOrg(deps.db)];
    const marker = `scope${Date.now()}`;
    const mine = await createTestUser(deps.db, { lastName: `${marker}a`, organizationId: own.id });
    await createTestUser(deps.db, { lastName: `${marker}b`, organizationId: other.id });
    const clientAdmin = await signIn(['client_admin'], own.id);

    const rows = await csvRows(
      await app.request(exportUrl('users', { search: marker }), { headers: bearer(clientAdmin.token) }),
    );
    expect(rows.map((row) => row.id)).toEqual([mine.user.id]);
    const asked = await csvRows(
      await app.request(exportUrl('users', { filters: { organizationId: other.id } }), {
        headers: bearer(clientAdmin.token),
      }),
    );
    expect(asked).toEqual([]);
    const [event] = await exportEvents(clientAdmin.user.id, 'users.export');
    expect(event?.organizationId).toBe(own.id);
  });

  it('quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas', async () => {
    const org = await createTestOrg(deps.db, { name: '@SUM(A1:A9), "the clinic"' });
    const marker = `esc${Date.now()}`;
    const tricky = await createTestUser(deps.db, {
      firstName: '=HYPERLINK("http://evil.test","click")',
      lastName: `${marker}, "Junior"\r\nSecond line`,
      title: '+1 (555) 0100',
      company: '-2+3',
      organizationId: org.id,
    });
    const admin = await signIn(['admin']);
    const res = await app.request(exportUrl('users', { search: marker }), { headers: bearer(admin.token) });
    const text = await res.clone().text();
    expect(text).toContain('"\'=HYPERLINK(""http://evil.test"",""click"")"');
    const [row, ...rest] = await csvRows(res);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      id: tricky.user.id,
      firstName: '\'=HYPERLINK("http://evil.test","click")',
      lastName: `${marker}, "Junior"\r\nSecond line`,
      title: "'+1 (555) 0100",
      company: "'-2+3",
      organization: '\'@SUM(A1:A9), "the clinic"',
    });
  });

  it('works with the session cookie of the web app; 401 without a session, 403 without users.read, 400 on bad input', async () => {
    const admin = await signIn(['admin']);
    const byCookie = await app.request(exportUrl('users', { search: 'nobody-matches-this' }), {
      headers: { cookie: admin.cookie },
    });
    expect(byCookie.status).toBe(200);
    expect(await csvRows(byCookie)).toEqual([]);
    // A link on another site does not get to use that cookie.
    const crossSite = await app.request(exportUrl('users'), {
      headers: { cookie: admin.cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);

    const anonymous = await app.request(exportUrl('users'));
    expect(anonymous.status).toBe(401);
    const unauthorized = (await anonymous.json()) as { error: { code: string; requestId: string } };
    expect(unauthorized.error.code).toBe('UNAUTHORIZED');
    expect(unauthorized.error.requestId).toBeTruthy();
    const stale = await app.request(exportUrl('users'), { headers: { cookie: 'session=not-a-session' } });
    expect(stale.status).toBe(401);

    for (const roles of [['staff'], ['provider'], ['parent']] as Role[][]) {
      const user = await signIn(roles);
      const res = await app.request(exportUrl('users'), { headers: bearer(user.token) });
      expect(res.status, roles.join()).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      expect(await exportEvents(user.user.id, 'users.export')).toEqual([]);
    }

    const badFilter = await app.request(exportUrl('users', { filters: { rolez: ['admin'] } }), {
      headers: bearer(admin.token),
    });
    expect(badFilter.status).toBe(400);
    const body = await badFilter.text();
    expect(JSON.parse(body).error.fieldErrors).toHaveProperty(['filters']);
    expect(body).not.toMatch(/\bat .*\.ts:\d+/);
    const notJson = await app.request('/exports/users.csv?input=%7Bnope', { headers: bearer(admin.token) });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { fieldErrors: unknown } }).error.fieldErrors).toEqual({
      input: ['Must be JSON'],
    });
    // Signed out comes first: a bad input from nobody is still 401.
    expect((await app.request('/exports/users.csv?input=%7Bnope')).status).toBe(401);
  });

  it('is refused to a user the account gate holds (a password to change first), with the reason', async () => {
    const { user, password } = await createTestUser(deps.db, { roles: ['admin'], firstTimeLogin: true });
    const login = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize({ email: user.email, password })),
    });
    const { token } = superjson.deserialize<{ token: string }>(
      ((await login.json()) as { result: { data: never } }).result.data,
    );
    for (const file of ['users', 'audit'] as const) {
      const res = await app.request(exportUrl(file), { headers: bearer(token) });
      expect(res.status, file).toBe(403);
      expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe(
        'PASSWORD_CHANGE_REQUIRED',
      );
    }
    expect(await exportEvents(user.id, 'users.export')).toEqual([]);
  });

  it('streams a few thousand rows across batches, complete and in order', async () => {
    const org = await createTestOrg(deps.db);
    const marker = `bulk${Date.now()}`;
    const total = 2_345;
    const emails: string[] = [];
    for (let start = 0; start < total; start += 100) {
      const batch = Array.from({ length: Math.min(100, total - start) }, (_, i) => {
        const email = `${marker}-${String(start + i).padStart(5, '0')}@example.test`;
        emails.push(email);
        return createTestUser(deps.db, { email, password: null, organizationId: org.id });
      });
      await Promise.all(batch);
    }
    const admin = await signIn(['admin']);
    const res = await app.request(
      exportUrl('users', { sortBy: 'email', sortDir: 'desc', filters: { organizationId: org.id } }),
      { headers: bearer(admin.token) },
    );
    expect(res.status).toBe(200);
    // Several chunks arrive (one per batch), not one body built in memory.
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      chunks++;
      parts.push(chunk);
    }
    expect(chunks).toBeGreaterThanOrEqual(3);
    const rows = await csvRows(new Response(Buffer.concat(parts)));
    expect(rows.map((row) => row.email)).toEqual([...emails].sort().reverse());
  });
});

describe('GET /exports/audit.csv', () => {
  it("lists audit.list's events for the same filters, scoped to the reader's organisation, and is audited", async () => {
    const [own, other] = [await createTestOrg(deps.db), await createTestOrg(deps.db)];
    const clientAdmin = await signIn(['client_admin'], own.id);
    const admin = await signIn(['admin']);
    const target = await createTestUser(deps.db, { organizationId: own.id });
    const events = [
      { organizationId: own.id, action: 'users.archive' },
      { organizationId: own.id, action: 'users.enable' },
      { organizationId: own.id, action: 'orgs.update' },
      { organizationId: other.id, action: 'users.archive' },
    ];
    for (const event of events) {
      await deps.db
        .insertInto('auditEvents')
        .values({
          ...event,
          actorId: admin.user.id,
          targetType: 'user',
          targetId: target.user.id,
          metadata: JSON.stringify({ note: '=cmd|calc' }),
        })
        .execute();
    }
    const filters = { actorId: admin.user.id, action: 'users.*' };

    const res = await app.request(exportUrl('audit', filters), { headers: { cookie: clientAdmin.cookie } });
    expect(res.status).toBe(200);
    const day = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="audit-${day}.csv"`);
    const rows = await csvRows(res);
    expect(rows.map((row) => row.action)).toEqual(['users.enable', 'users.archive']);
    expect(rows.every((row) => row.organizationId === own.id && row.targetId === target.user.id)).toBe(true);
    expect(JSON.parse(rows[0]?.metadata ?? '')).toEqual({ note: '=cmd|calc' });

    const all = await csvRows(
      await app.request(exportUrl('audit', filters), { headers: bearer(admin.token) }),
    );
    expect(all.map((row) => row.organizationId).sort()).toEqual([own.id, own.id, other.id].sort());

    const [event] = await exportEvents(clientAdmin.user.id, 'audit.export');
    expect(event).toMatchObject({ organizationId: own.id, metadata: { format: 'csv', ...filters } });
  });

  it('401 without a session, 403 for roles that may not read the audit log', async () => {
    expect((await app.request(exportUrl('audit'))).status).toBe(401);
    const staff = await signIn(['staff']);
    expect((await app.request(exportUrl('audit'), { headers: bearer(staff.token) })).status).toBe(403);
    const admin = await signIn(['admin']);
    const bad = await app.request(exportUrl('audit', { from: 'yesterday' }), {
      headers: bearer(admin.token),
    });
    expect(bad.status).toBe(400);
  });
});

import { sha256Hex } from '@praxis/auth';
import { createTestOrg, createTestUser, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const NEW_PASSWORD = 'a long new password';

async function inviter(
  roles: ['admin'] | ['client_admin'] | ['supervisor'] = ['admin'],
  organizationId?: string,
) {
  const org = organizationId ?? (await createTestOrg(deps.db)).id;
  const { user } = await createTestUser(deps.db, {
    roles,
    organizationId: org,
    firstName: 'Iris',
    lastName: 'Inviter',
  });
  return { user, organizationId: org, ...(await signedIn(deps, user)) };
}

/** The token of the mail queued for the invitation's current link (what the worker would send). */
async function queuedToken(invitation: { id: string }, sendCount = 1) {
  const job = await deps.mailQueue.getJob(`invitation-${invitation.id}-${sendCount}`);
  if (!job) throw new Error('no invitation mail was queued');
  return job.data as {
    to: string;
    token: string;
    organizationName: string | null;
    inviterName: string;
    expiresAt: string;
  };
}

describe('invitations.create', () => {
  it('stores a pending invitation with only the hash of its 7-day token and queues the mail', async () => {
    const { caller, organizationId, user } = await inviter();
    const email = uniqueEmail('invitee');
    const invitation = await caller.invitations.create({
      email: email.toUpperCase(),
      roles: ['provider'],
      organizationId,
      firstName: 'Nia',
    });
    expect(invitation).toMatchObject({
      email,
      roles: ['provider'],
      organizationId,
      status: 'pending',
      invitedBy: user.id,
      mailStatus: 'queued',
    });
    expect(invitation).not.toHaveProperty('tokenHash');
    const days = (invitation.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const mail = await queuedToken(invitation);
    expect(mail).toMatchObject({ to: email, inviterName: 'Iris Inviter' });
    expect(Buffer.from(mail.token, 'base64url').length * 8).toBeGreaterThanOrEqual(112);
    const row = await deps.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(sha256Hex(mail.token));
    expect(JSON.stringify(row)).not.toContain(mail.token);
    const audit = await deps.db
      .selectFrom('auditEvents')
      .select('action')
      .where('targetId', '=', invitation.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['invitations.create']);
  });

  it('answers CONFLICT and adds nothing when the email already has an account or a pending invitation', async () => {
    const { caller, organizationId } = await inviter();
    const { user: existing } = await createTestUser(deps.db);
    const taken = await errorOf(
      caller.invitations.create({ email: existing.email, roles: ['staff'], organizationId }),
    );
    expect(taken.code).toBe('CONFLICT');
    expect(fieldErrorsOf(taken)).toHaveProperty('email');
    const rows = await deps.db
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', existing.email)
      .execute();
    expect(rows).toEqual([]);

    const email = uniqueEmail();
    await caller.invitations.create({ email, roles: ['staff'], organizationId });
    const twice = await errorOf(caller.invitations.create({ email, roles: ['staff'], organizationId }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toMatch(/resend/);
  });

  it('checks roles and organisation against the inviter: a client admin invites only into their own, never an admin', async () => {
    const { caller, organizationId } = await inviter(['client_admin']);
    const other = await createTestOrg(deps.db);
    const own = await caller.invitations.create({ email: uniqueEmail(), roles: ['staff', 'provider'] });
    expect(own.organizationId).toBe(organizationId);
    for (const role of ['admin', 'support'] as const) {
      expect((await errorOf(caller.invitations.create({ email: uniqueEmail(), roles: [role] }))).code).toBe(
        'FORBIDDEN',
      );
    }
    const elsewhere = await errorOf(
      caller.invitations.create({ email: uniqueEmail(), roles: ['staff'], organizationId: other.id }),
    );
    expect(elsewhere.code).toBe('NOT_FOUND');
    const orgless = await errorOf(
      caller.invitations.create({ email: uniqueEmail(), roles: ['staff'], organizationId: null }),
    );
    expect(orgless.code).toBe('NOT_FOUND');
    const { caller: supervisor } = await inviter(['supervisor'], organizationId);
    expect(
      (await errorOf(supervisor.invitations.create({ email: uniqueEmail(), roles: ['staff'] }))).code,
    ).toBe('FORBIDDEN');
  });

  it('refuses bad input, unknown and inactive organisations with field errors', async () => {
    const { caller } = await inviter();
    const bad = await errorOf(caller.invitations.create({ email: 'nope', roles: [] }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(Object.keys(fieldErrorsOf(bad)).sort()).toEqual(['email', 'roles']);
    const badRole = await errorOf(
      caller.invitations.create({ email: uniqueEmail(), roles: ['wizard' as never] }),
    );
    expect(fieldErrorsOf(badRole)).toHaveProperty(['roles.0']);
    const unknown = await errorOf(
      caller.invitations.create({
        email: uniqueEmail(),
        roles: ['staff'],
        organizationId: crypto.randomUUID(),
      }),
    );
    expect(fieldErrorsOf(unknown)).toEqual({ organizationId: ['No such organisation'] });
    const inactive = await createTestOrg(deps.db, { status: 'inactive' });
    const closed = await errorOf(
      caller.invitations.create({ email: uniqueEmail(), roles: ['staff'], organizationId: inactive.id }),
    );
    expect(closed.code).toBe('CONFLICT');
  });

  it('is rate limited per inviter', async () => {
    const { caller, user } = await inviter();
    await deps.rateLimits.consume('invitationsPerInviter', user.id, 50);
    const error = await errorOf(caller.invitations.create({ email: uniqueEmail(), roles: ['staff'] }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect((error as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('keeps an invitation whose mail could not be queued, shows it as not sent, and sends it on retry', async () => {
    const offline = await createTestDeps({ REDIS_URL: 'redis://127.0.0.1:1' });
    offline.mailQueue.on('error', () => {}); // the refused connections are the point
    try {
      const { token, organizationId } = await inviter();
      const queueDown = callerFor({ ...deps, mailQueue: offline.mailQueue }, { token }).caller;
      const email = uniqueEmail();
      const error = await errorOf(queueDown.invitations.create({ email, roles: ['staff'], organizationId }));
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toMatch(/resend/);
      const caller = callerFor(deps, { token }).caller;
      const listed = await caller.invitations.list({ organizationId });
      expect(listed.items).toHaveLength(1);
      expect(listed.items[0]).toMatchObject({
        email,
        status: 'pending',
        mailStatus: 'not_sent',
        lastSentAt: null,
      });

      const retried = await caller.invitations.create({ email, roles: ['staff'], organizationId });
      expect(retried).toMatchObject({ id: listed.items[0]?.id, mailStatus: 'queued' });
      expect((await queuedToken(retried, 2)).to).toBe(email);
    } finally {
      await offline.close();
    }
  });
});

describe('invitations.lookup / accept', () => {
  it('accept creates the user in the organisation with the roles and password, and signs them in', async () => {
    const { caller, organizationId } = await inviter();
    const email = uniqueEmail();
    const invitation = await caller.invitations.create({
      email,
      roles: ['provider', 'billing'],
      organizationId,
      firstName: 'Nia',
      lastName: 'Oak',
    });
    const { token } = await queuedToken(invitation);
    const anonymous = callerFor(deps);

    const looked = await anonymous.caller.invitations.lookup({ token });
    expect(looked).toMatchObject({
      email,
      roles: ['provider', 'billing'],
      organization: { id: organizationId },
      expiresAt: invitation.expiresAt,
    });

    const accepted = await anonymous.caller.invitations.accept({
      token,
      password: NEW_PASSWORD,
      lastName: 'Oakley',
    });
    expect(accepted.user).toMatchObject({
      email,
      firstName: 'Nia',
      lastName: 'Oakley',
      roles: ['provider', 'billing'],
      organizationId,
      isActive: true,
      firstTimeLogin: false,
    });
    expect(accepted.user).not.toHaveProperty('passwordHash');
    expect(anonymous.resHeaders.get('set-cookie')).toMatch(/^session=/);
    expect((await callerFor(deps, { token: accepted.token }).caller.auth.me()).id).toBe(accepted.user.id);
    const login = await callerFor(deps).caller.auth.login({ email, password: NEW_PASSWORD });
    expect(login.status).toBe('authenticated');

    const [listed] = (await caller.invitations.list({ organizationId, status: 'accepted' })).items;
    expect(listed).toMatchObject({ id: invitation.id, status: 'accepted' });
    // Single use.
    expect((await errorOf(anonymous.caller.invitations.accept({ token, password: NEW_PASSWORD }))).code).toBe(
      'CONFLICT',
    );
    expect((await errorOf(anonymous.caller.invitations.lookup({ token }))).code).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for an unknown token and BAD_REQUEST for a weak password', async () => {
    const anonymous = callerFor(deps).caller;
    const unknown = 'x'.repeat(43);
    expect((await errorOf(anonymous.invitations.lookup({ token: unknown }))).code).toBe('NOT_FOUND');
    expect(
      (await errorOf(anonymous.invitations.accept({ token: unknown, password: NEW_PASSWORD }))).code,
    ).toBe('NOT_FOUND');
    const weak = await errorOf(anonymous.invitations.accept({ token: unknown, password: 'short' }));
    expect(weak.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(weak)).toHaveProperty('password');

    const { caller } = await inviter();
    const email = uniqueEmail();
    const { token } = await queuedToken(await caller.invitations.create({ email, roles: ['staff'] }));
    const same = await errorOf(anonymous.invitations.accept({ token, password: email }));
    expect(fieldErrorsOf(same)).toHaveProperty('password');
    const common = await errorOf(anonymous.invitations.accept({ token, password: 'password1234' }));
    expect(fieldErrorsOf(common).password?.[0]).toMatch(/^This password is too easy to guess/);
  });

  it('adds nothing when an account with the email appeared since the invitation', async () => {
    const { caller } = await inviter();
    const email = uniqueEmail();
    const invitation = await caller.invitations.create({ email, roles: ['staff'] });
    const { token } = await queuedToken(invitation);
    await createTestUser(deps.db, { email });
    const error = await errorOf(callerFor(deps).caller.invitations.accept({ token, password: NEW_PASSWORD }));
    expect(error.code).toBe('CONFLICT');
    const users = await deps.db.selectFrom('users').select('id').where('email', '=', email).execute();
    expect(users).toHaveLength(1);
    expect((await caller.invitations.list({ status: 'pending' })).items.map((i) => i.id)).toContain(
      invitation.id,
    );
  });
});

describe('invitations.resend / revoke / list', () => {
  it('resend issues a new token (the old one dies) and extends the expiry', async () => {
    const { caller } = await inviter();
    const invitation = await caller.invitations.create({ email: uniqueEmail(), roles: ['staff'] });
    const { token: oldToken } = await queuedToken(invitation);
    const resent = await caller.invitations.resend({ id: invitation.id });
    expect(resent.status).toBe('pending');
    const { token: newToken } = await queuedToken(resent, 2);
    expect(newToken).not.toBe(oldToken);
    expect((await errorOf(callerFor(deps).caller.invitations.lookup({ token: oldToken }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await callerFor(deps).caller.invitations.lookup({ token: newToken })).email).toBe(
      invitation.email,
    );
  });

  it('computes expiry from the clock; an expired invitation cannot be accepted but can be resent', async () => {
    const { caller, organizationId } = await inviter();
    const invitation = await caller.invitations.create({ email: uniqueEmail(), roles: ['staff'] });
    const { token } = await queuedToken(invitation);
    await deps.db
      .updateTable('invitations')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', invitation.id)
      .execute();
    const expired = await caller.invitations.list({ organizationId, status: 'expired' });
    expect(expired.items.map((i) => i.id)).toEqual([invitation.id]);
    expect((await caller.invitations.list({ organizationId, status: 'pending' })).items).toEqual([]);
    const refused = await errorOf(
      callerFor(deps).caller.invitations.accept({ token, password: NEW_PASSWORD }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/expired/);
    expect((await caller.invitations.resend({ id: invitation.id })).status).toBe('pending');
  });

  it('revoke kills the link; an accepted invitation cannot be revoked or resent', async () => {
    const { caller } = await inviter();
    const invitation = await caller.invitations.create({ email: uniqueEmail(), roles: ['staff'] });
    const { token } = await queuedToken(invitation);
    expect((await caller.invitations.revoke({ id: invitation.id })).status).toBe('revoked');
    expect((await caller.invitations.revoke({ id: invitation.id })).status).toBe('revoked');
    expect(
      (await errorOf(callerFor(deps).caller.invitations.accept({ token, password: NEW_PASSWORD }))).code,
    ).toBe('CONFLICT');
    expect((await errorOf(caller.invitations.resend({ id: invitation.id }))).code).toBe('CONFLICT');

    const other = await caller.invitations.create({ email: uniqueEmail(), roles: ['staff'] });
    await callerFor(deps).caller.invitations.accept({
      token: (await queuedToken(other)).token,
      password: NEW_PASSWORD,
    });
    expect((await errorOf(caller.invitations.revoke({ id: other.id }))).code).toBe('CONFLICT');
    expect((await errorOf(caller.invitations.resend({ id: other.id }))).code).toBe('CONFLICT');
  });

  it("lists newest first, pages by cursor, and never shows another organisation's invitations", async () => {
    const { caller, organizationId } = await inviter(['client_admin']);
    const created = [];
    for (let i = 0; i < 3; i++)
      created.push(await caller.invitations.create({ email: uniqueEmail(), roles: ['staff'] }));
    const { caller: otherAdmin } = await inviter(['client_admin']);
    const foreign = await otherAdmin.invitations.create({ email: uniqueEmail(), roles: ['staff'] });

    const first = await caller.invitations.list({ pageSize: 2 });
    expect(first).toMatchObject({ total: 3, totalPages: 2, totalExact: true });
    const second = await caller.invitations.list({ pageSize: 2, cursor: first.nextCursor ?? '' });
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(ids).toEqual(created.map((i) => i.id).reverse());
    expect(second.nextCursor).toBeNull();
    expect((await caller.invitations.list({ organizationId: foreign.organizationId ?? '' })).items).toEqual(
      [],
    );
    expect((await errorOf(caller.invitations.revoke({ id: foreign.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.invitations.resend({ id: foreign.id }))).code).toBe('NOT_FOUND');

    const { caller: supervisor } = await inviter(['supervisor'], organizationId);
    expect((await supervisor.invitations.list()).total).toBe(3);
    expect((await errorOf(supervisor.invitations.revoke({ id: created[0]?.id ?? '' }))).code).toBe(
      'FORBIDDEN',
    );
  });
});

import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, E2E_APP_URL, failure, startE2E, tokenFromLink } from '../testing';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

async function signIn(email: string, password: string) {
  const result = await e2e.client().auth.login.mutate({ email, password });
  if (result.status !== 'authenticated') throw new Error('expected a session');
  return result.token;
}

async function clientAdmin() {
  const org = await createTestOrg(e2e.db, { name: `Harbor Clinic ${crypto.randomUUID().slice(0, 6)}` });
  const { user } = await createTestUser(e2e.db, {
    roles: ['client_admin'],
    organizationId: org.id,
    firstName: 'Olive',
    lastName: 'Admin',
  });
  return { org, admin: e2e.client({ token: await signIn(user.email, TEST_PASSWORD) }) };
}

const acceptLink = (email: string, nth = 1) =>
  e2e.smtp
    .waitFor(email, () => e2e.smtp.mailsTo(email).length >= nth)
    .then(() => tokenFromLink(e2e.smtp.mailsTo(email).at(nth - 1)?.body ?? '', '/accept-invite'));

describe('invitation by mailed link', () => {
  it('mails the accept link; accepting creates the account in the organisation and signs it in', async () => {
    const { org, admin } = await clientAdmin();
    const email = uniqueEmail('invitee');
    const invitation = await admin.invitations.create.mutate({
      email,
      roles: ['provider'],
      firstName: 'Nia',
    });
    expect(invitation).toMatchObject({ status: 'pending', organizationId: org.id, mailStatus: 'queued' });

    const mail = await e2e.smtp.waitFor(email, (m) => m.body.includes('/accept-invite?token='));
    expect(mail.subject).toContain('Olive Admin');
    expect(mail.body).toContain(org.name);
    expect(mail.body).toContain(`${E2E_APP_URL}/accept-invite?token=`);
    const token = tokenFromLink(mail.body, '/accept-invite');
    const stored = await e2e.db
      .selectFrom('invitations')
      .select('tokenHash')
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toBe(token);

    const visitor = e2e.client();
    expect(await visitor.invitations.lookup.query({ token })).toMatchObject({
      email,
      roles: ['provider'],
      organization: { id: org.id, name: org.name },
    });
    const accepted = await visitor.invitations.accept.mutate({
      token,
      password: 'my own passphrase',
      lastName: 'Oak',
    });
    expect(accepted.user).toMatchObject({
      email,
      firstName: 'Nia',
      lastName: 'Oak',
      roles: ['provider'],
      organizationId: org.id,
    });
    const me = await e2e.client({ token: accepted.token }).auth.me.query();
    expect(me.organization).toEqual({ id: org.id, name: org.name });
    expect(await signIn(email, 'my own passphrase')).toBeTruthy();

    const again = await failure(visitor.invitations.accept.mutate({ token, password: 'my own passphrase' }));
    expect(again.data.code).toBe('CONFLICT');
    const listed = await admin.invitations.list.query({ status: 'accepted' });
    expect(listed.items.map((i) => i.id)).toContain(invitation.id);
  });

  it('a resent invitation mails a new link and the old one no longer works', async () => {
    const { admin } = await clientAdmin();
    const email = uniqueEmail('resent');
    const invitation = await admin.invitations.create.mutate({ email, roles: ['staff'] });
    const first = await acceptLink(email, 1);
    await admin.invitations.resend.mutate({ id: invitation.id });
    const second = await acceptLink(email, 2);
    expect(second).not.toBe(first);
    expect((await failure(e2e.client().invitations.lookup.query({ token: first }))).data.code).toBe(
      'NOT_FOUND',
    );
    const accepted = await e2e
      .client()
      .invitations.accept.mutate({ token: second, password: 'second link passphrase' });
    expect(accepted.user.email).toBe(email);
  });

  it('a revoked invitation cannot be accepted, and nothing is created', async () => {
    const { admin } = await clientAdmin();
    const email = uniqueEmail('revoked');
    const invitation = await admin.invitations.create.mutate({ email, roles: ['staff'] });
    const token = await acceptLink(email);
    await admin.invitations.revoke.mutate({ id: invitation.id });
    const refused = await failure(
      e2e.client().invitations.accept.mutate({ token, password: 'too late passphrase' }),
    );
    expect(refused.data.code).toBe('CONFLICT');
    expect(await e2e.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
  });

  it('bad input answers BAD_REQUEST with field errors over HTTP', async () => {
    const { admin } = await clientAdmin();
    const bad = await failure(admin.invitations.create.mutate({ email: 'not an email', roles: [] }));
    expect(bad.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.data.fieldErrors ?? {}).sort()).toEqual(['email', 'roles']);
  });
});

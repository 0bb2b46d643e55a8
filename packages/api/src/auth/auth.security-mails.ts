import { deviceFingerprint, ipPrefix } from '@praxis/auth';
import type { Executor } from '@praxis/db';
import { enqueueSecurityNotice, type MailQueue } from '@praxis/jobs';
import { sql } from 'kysely';

// Security notices queued by the API, each inside the transaction of the change it reports: if
// Redis does not take the mail, the change is rolled back (SERVICE_UNAVAILABLE), as password
// links are. A security change the owner cannot be told about is not made.

interface Owner {
  email: string;
  firstName: string;
  lastName: string;
}

const nameOf = (user: Owner) => `${user.firstName} ${user.lastName}`.trim();

export function queuePasswordChangedNotice(queue: MailQueue, user: Owner, at = new Date()) {
  return enqueueSecurityNotice(queue, 'password-changed', {
    to: user.email,
    name: nameOf(user),
    at: at.toISOString(),
  });
}

/** To the address the account had before (`before.email`), when it changed. */
export async function queueEmailChangedNotice(queue: MailQueue, before: Owner, newEmail: string | undefined) {
  if (newEmail === undefined || newEmail.toLowerCase() === before.email.toLowerCase()) return;
  await enqueueSecurityNotice(queue, 'email-changed', {
    to: before.email,
    name: nameOf(before),
    newEmail,
    at: new Date().toISOString(),
  });
}

/**
 * Records the device of a sign-in and mails the user when it is one not seen before. The first
 * device ever recorded for an account (its first sign-in, or the first since devices are kept)
 * is learned without a mail: there is nothing to compare it with.
 */
export async function noteSignInDevice(
  tx: Executor,
  queue: MailQueue,
  user: Owner & { id: string },
  request: { ip: string | null; userAgent: string | null },
  at = new Date(),
) {
  const fingerprint = deviceFingerprint(request.userAgent, request.ip);
  const inserted = await tx
    .insertInto('knownDevices')
    .values({ userId: user.id, fingerprint, firstSeenAt: at, lastSeenAt: at })
    .onConflict((oc) => oc.columns(['userId', 'fingerprint']).doUpdateSet({ lastSeenAt: at }))
    // xmax = 0 only on a row this statement inserted (not on one it updated).
    .returning(sql<boolean>`xmax = 0`.as('isNew'))
    .executeTakeFirstOrThrow();
  if (!inserted.isNew) return;
  const others = await tx
    .selectFrom('knownDevices')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('userId', '=', user.id)
    .where('fingerprint', '!=', fingerprint)
    .executeTakeFirstOrThrow();
  if (Number(others.count) === 0) return;
  await enqueueSecurityNotice(queue, 'new-sign-in', {
    to: user.email,
    name: nameOf(user),
    userAgent: request.userAgent?.slice(0, 1000) ?? null,
    ipPrefix: ipPrefix(request.ip),
    at: at.toISOString(),
  });
}

import { ipPrefix } from '@praxis/auth';
import { enqueueSecurityNotice, type MailQueue } from '@praxis/jobs';

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
 * Before a sign-in is written: when it comes from a device (user agent + network) the account has
 * not used before, and the account has used another one, queues the "new sign-in" notice. A
 * notice that cannot be queued throws, so the sign-in is refused and nothing is written; the
 * first device an account uses is learned silently. `seen` is what the sign-in's lookup read of
 * the account's devices (findSignInCandidate); its own statement remembers the device
 * (recordSignIn).
 */
export async function noticeNewDevice(
  queue: MailQueue,
  user: Owner,
  request: { ip: string | null; userAgent: string | null },
  seen: { devices: number; thisDevice: boolean },
  at = new Date(),
): Promise<void> {
  if (seen.thisDevice || seen.devices === 0) return;
  await enqueueSecurityNotice(queue, 'new-sign-in', {
    to: user.email,
    name: nameOf(user),
    userAgent: request.userAgent?.slice(0, 1000) ?? null,
    ipPrefix: ipPrefix(request.ip),
    at: at.toISOString(),
  });
}

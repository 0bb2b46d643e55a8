import { hashPassword } from '@praxis/auth';
import { assessPassword } from '@praxis/validators';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/audit.queries';
import type { Context } from '../context';
import { isUniqueViolation } from '../errors';
import { adminExists, insertUser } from './users.queries';

/** On start: if no admin exists and ADMIN_EMAIL/ADMIN_PASSWORD are set, create one. */
export async function ensureBootstrapAdmin(
  ctx: Pick<Context, 'db' | 'config'>,
  logger: Logger,
): Promise<void> {
  const { adminEmail, adminPassword } = ctx.config;
  if (!adminEmail || !adminPassword) return;
  if (await adminExists(ctx.db)) return;
  const { problems } = await assessPassword(adminPassword, { email: adminEmail, firstName: 'Admin' });
  if (problems.length > 0) {
    // Config cannot judge strength (no dictionaries there); refusing to start says it loudly.
    throw new Error(`ADMIN_PASSWORD is refused by the password rule: ${problems.join(' ')}`);
  }
  const passwordHash = await hashPassword(adminPassword);
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const admin = await insertUser(tx, {
        email: adminEmail,
        firstName: 'Admin',
        lastName: '',
        roles: ['admin'],
        passwordHash,
        status: 'active',
        approvedAt: new Date(),
        firstTimeLogin: false,
      });
      await recordAudit(tx, {
        actorId: null,
        action: 'users.bootstrap_admin',
        targetType: 'user',
        targetId: admin.id,
      });
    });
    logger.info({ email: adminEmail }, 'created the first admin from ADMIN_EMAIL');
  } catch (error) {
    if (!isUniqueViolation(error, 'users_email_key')) throw error;
    // Another process created it first, or a non-admin account already uses the address.
    if (!(await adminExists(ctx.db))) {
      logger.warn(
        { email: adminEmail },
        'ADMIN_EMAIL belongs to an existing non-admin account; no admin was created',
      );
    }
  }
}

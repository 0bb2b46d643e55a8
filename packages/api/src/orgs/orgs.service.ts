import { endOrganizationSessions } from '@praxis/auth';
import type { Executor, OrganizationUpdate } from '@praxis/db';
import { type Action, can, scopeOf } from '@praxis/policy';
import type { listOrgsInput } from '@praxis/validators';
import type { z } from 'zod';
import { recordActorAudit } from '../audit/audit.queries';
import { changedFields } from '../changed-fields';
import { AppError, fieldError, forbidden, notFound } from '../errors';
import { runTransition } from '../lifecycle';
import { pagedList } from '../list-paging';
import { assertCan } from '../policy-guard';
import type { AuthedContext } from '../trpc';
import { findUserById } from '../users/users.queries';
import { toOrganization } from './orgs.mapper';
import {
  findOrganization,
  findOrganizationsByTherapist,
  insertOrganization,
  lockOrganization,
  type OrganizationWithCount,
  organizationsMatching,
  selectOrganizationPage,
  updateOrganization,
} from './orgs.queries';

const ORG = 'Organization';

/** An organisation the actor may read, or NOT_FOUND (also when it exists beyond their reach). */
export async function loadReadableOrganization(ctx: AuthedContext, id: string) {
  const row = await findOrganization(ctx.db, id);
  if (!row || !can(ctx.actor, 'orgs.read', { organizationId: row.id })) throw notFound(ORG);
  return row;
}

/** A therapist must be a user the actor can see; anything else reads as "no such user". */
async function assertTherapist(
  ctx: AuthedContext,
  therapistUserId: string | null | undefined,
  field: string,
) {
  if (!therapistUserId) return;
  const user = await findUserById(ctx.db, therapistUserId);
  if (!user || !can(ctx.actor, 'users.read', user)) throw fieldError(field, 'No such user');
}

/** Naming an organisation's therapist is for admins; anyone else gets FORBIDDEN on the field. */
function assertMaySetTherapist(ctx: AuthedContext, organizationId: string | null, field: string) {
  if (can(ctx.actor, 'orgs.setTherapist', { organizationId })) return;
  const message = "Only an admin may change an organisation's therapist";
  throw new AppError('FORBIDDEN', message, { fieldErrors: { [field]: [message] } });
}

function audit(
  ctx: AuthedContext,
  db: Executor,
  action: string,
  orgId: string,
  metadata?: Record<string, unknown>,
) {
  return recordActorAudit(db, ctx, {
    action,
    targetType: 'organization',
    targetId: orgId,
    organizationId: orgId,
    ...(metadata ? { metadata } : {}),
  });
}

async function reload(db: Executor, id: string): Promise<OrganizationWithCount> {
  const row = await findOrganization(db, id);
  if (!row) throw notFound(ORG);
  return row;
}

export async function createOrganization(
  ctx: AuthedContext,
  input: {
    name: string;
    therapistUserId?: string | null | undefined;
    requireTwoFactor?: boolean | undefined;
  },
) {
  if (!can(ctx.actor, 'orgs.create')) throw forbidden();
  if (input.therapistUserId) assertMaySetTherapist(ctx, null, 'therapistUserId');
  await assertTherapist(ctx, input.therapistUserId, 'therapistUserId');
  const row = await ctx.db.transaction().execute(async (tx) => {
    const id = await insertOrganization(tx, {
      name: input.name,
      therapistUserId: input.therapistUserId ?? null,
      requireTwoFactor: input.requireTwoFactor ?? false,
    });
    await audit(ctx, tx, 'orgs.create', id, {
      name: input.name,
      requireTwoFactor: input.requireTwoFactor ?? false,
    });
    return reload(tx, id);
  });
  return toOrganization(row);
}

/**
 * orgs.update (fields under `patch.`) and orgs.upsert with an id (top-level fields, so
 * `fieldPrefix` is ''). Sending the current therapist back changes nothing and needs no right.
 */
export async function updateOrganizationDetails(
  ctx: AuthedContext,
  input: {
    id: string;
    patch: {
      name?: string | undefined;
      therapistUserId?: string | null | undefined;
      requireTwoFactor?: boolean | undefined;
    };
  },
  fieldPrefix = 'patch.',
) {
  const current = await loadReadableOrganization(ctx, input.id);
  assertCan(ctx.actor, 'orgs.update', { organizationId: current.id }, 'orgs.read', ORG);
  const patch: OrganizationUpdate = {};
  if (input.patch.name !== undefined) patch.name = input.patch.name;
  // Whoever may update the organisation (admins, its client admins) may require 2FA of its members.
  if (input.patch.requireTwoFactor !== undefined) patch.requireTwoFactor = input.patch.requireTwoFactor;
  if (input.patch.therapistUserId !== undefined) {
    if (input.patch.therapistUserId !== current.therapistUserId) {
      const field = `${fieldPrefix}therapistUserId`;
      assertMaySetTherapist(ctx, current.id, field);
      await assertTherapist(ctx, input.patch.therapistUserId, field);
    }
    patch.therapistUserId = input.patch.therapistUserId;
  }
  const changed = changedFields(current, patch);
  if (changed.length === 0) return toOrganization(current);
  const row = await ctx.db.transaction().execute(async (tx) => {
    await updateOrganization(tx, current.id, patch);
    await audit(ctx, tx, 'orgs.update', current.id, { changedFields: changed });
    return reload(tx, current.id);
  });
  return toOrganization(row);
}

/** orgs.upsert: with `id` a partial update of that organisation, else a new one (which needs orgs.create). */
export function upsertOrganization(
  ctx: AuthedContext,
  input: {
    id?: string | undefined;
    name?: string | undefined;
    therapistUserId?: string | null | undefined;
    requireTwoFactor?: boolean | undefined;
  },
) {
  const { id, ...patch } = input;
  if (id) return updateOrganizationDetails(ctx, { id, patch }, '');
  if (patch.name === undefined) throw fieldError('name', 'Name is required to create an organisation');
  return createOrganization(ctx, {
    name: patch.name,
    therapistUserId: patch.therapistUserId,
    requireTwoFactor: patch.requireTwoFactor,
  });
}

export async function getOrganization(ctx: AuthedContext, id: string) {
  return toOrganization(await loadReadableOrganization(ctx, id));
}

const byName = pagedList('orgs:name:asc');

export async function listOrganizationsFor(ctx: AuthedContext, input: z.output<typeof listOrgsInput>) {
  const filter = {
    scope: scopeOf(ctx.actor, 'orgs.read'),
    search: input.search || undefined,
    status: input.status,
    archived: input.archived,
  };
  return byName.read(ctx.db, input, {
    page: (window) => selectOrganizationPage(ctx.db, filter, window),
    matching: organizationsMatching(ctx.db, filter),
    sortValue: (row) => row.name,
    toItems: (rows) => rows.map(toOrganization),
  });
}

/** orgs.byTherapist: the organisations of that therapist the caller may read. */
export async function organizationsByTherapist(ctx: AuthedContext, therapistUserId: string) {
  const rows = await findOrganizationsByTherapist(ctx.db, therapistUserId, scopeOf(ctx.actor, 'orgs.read'));
  return rows.map(toOrganization);
}

type Lifecycle = 'activate' | 'deactivate' | 'archive' | 'unarchive';

// Each change is idempotent: asking for the state an organisation already has writes nothing.
const LIFECYCLE: Record<
  Lifecycle,
  {
    needs: Action;
    plan: (org: OrganizationWithCount, now: Date) => OrganizationUpdate | null;
    locksOut: boolean;
  }
> = {
  activate: {
    needs: 'orgs.setActive',
    plan: (org) => (org.status === 'active' ? null : { status: 'active' }),
    locksOut: false,
  },
  deactivate: {
    needs: 'orgs.setActive',
    plan: (org) => (org.status === 'inactive' ? null : { status: 'inactive' }),
    locksOut: true,
  },
  archive: {
    needs: 'orgs.archive',
    plan: (org, now) => (org.archivedAt !== null ? null : { archivedAt: now }),
    locksOut: true,
  },
  unarchive: {
    needs: 'orgs.archive',
    plan: (org) => (org.archivedAt === null ? null : { archivedAt: null }),
    locksOut: false,
  },
};

/**
 * Activates, deactivates, archives or unarchives. Deactivating or archiving ends every session of
 * the members in the same transaction (sign-in stays refused until the organisation is active and
 * not archived again); realtime connections are told after commit.
 */
export async function changeOrganizationLifecycle(ctx: AuthedContext, id: string, change: Lifecycle) {
  const rule = LIFECYCLE[change];
  const { row } = await runTransition<OrganizationWithCount, OrganizationUpdate>(ctx, {
    what: ORG,
    load: async () => {
      const current = await loadReadableOrganization(ctx, id);
      assertCan(ctx.actor, rule.needs, { organizationId: current.id }, 'orgs.read', ORG);
      return current;
    },
    lock: (tx, loaded) => lockOrganization(tx, loaded.id),
    plan: rule.plan,
    guard: (_tx, locked) => {
      // Ending one's own organisation would end one's own session and lock one out, maybe for good.
      if (rule.locksOut && ctx.actor.organizationId === locked.id) {
        throw new AppError('CONFLICT', `You cannot ${change} your own organisation`);
      }
    },
    ...(rule.locksOut
      ? {
          endSessions: (tx: Executor, locked: OrganizationWithCount) =>
            endOrganizationSessions(tx, locked.id),
        }
      : {}),
    write: async (tx, locked, patch) => {
      await updateOrganization(tx, locked.id, patch);
      return reload(tx, locked.id);
    },
    audit: ({ after, sessionsEnded }) => ({
      action: `orgs.${change}`,
      targetType: 'organization',
      targetId: after.id,
      organizationId: after.id,
      ...(rule.locksOut ? { metadata: { sessionsEnded } } : {}),
    }),
  });
  return toOrganization(row);
}

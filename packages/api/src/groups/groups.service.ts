import type { Executor } from '@praxis/db';
import { can, scopeOf } from '@praxis/policy';
import type { listGroupsInput } from '@praxis/validators';
import type { z } from 'zod';
import { recordActorAudit } from '../audit/audit.queries';
import { fieldError, isUniqueViolation, notFound } from '../errors';
import { pagedList } from '../list-paging';
import { assertCan } from '../policy-guard';
import type { AuthedContext } from '../trpc';
import { findOrganizationSummary } from '../users/users.queries';
import { toGroup, toGroupWithMembers } from './groups.mapper';
import * as q from './groups.queries';

const GROUP = 'Group';

async function loadReadableGroup(ctx: AuthedContext, id: string) {
  const row = await q.findGroup(ctx.db, id);
  if (!row || !can(ctx.actor, 'groups.read', row)) throw notFound(GROUP);
  return row;
}

async function loadWritableGroup(ctx: AuthedContext, id: string) {
  const row = await loadReadableGroup(ctx, id);
  assertCan(ctx.actor, 'groups.write', row, 'groups.read', GROUP);
  return row;
}

function audit(
  ctx: AuthedContext,
  db: Executor,
  action: string,
  group: { id: string; organizationId: string },
  metadata?: Record<string, unknown>,
) {
  return recordActorAudit(db, ctx, {
    action,
    targetType: 'group',
    targetId: group.id,
    organizationId: group.organizationId,
    ...(metadata ? { metadata } : {}),
  });
}

const nameTaken = (field: string) =>
  fieldError(field, 'This organisation already has a group with this name', 'CONFLICT');

async function withMembers(db: Executor, id: string) {
  const row = await q.findGroup(db, id);
  if (!row) throw notFound(GROUP);
  return toGroupWithMembers(row, await q.listMembers(db, id));
}

export async function createGroup(
  ctx: AuthedContext,
  input: {
    name: string;
    organizationId?: string | null | undefined;
    description?: string | null | undefined;
  },
) {
  const organizationId = input.organizationId ?? ctx.actor.organizationId;
  if (!organizationId) throw fieldError('organizationId', 'Choose the organisation of the group');
  assertCan(ctx.actor, 'groups.write', { organizationId }, 'groups.read', 'Organization');
  if (!(await findOrganizationSummary(ctx.db, organizationId)))
    throw fieldError('organizationId', 'No such organisation');
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const id = await q.insertGroup(tx, {
        organizationId,
        name: input.name,
        description: input.description ?? null,
      });
      await audit(ctx, tx, 'groups.create', { id, organizationId }, { name: input.name });
      return withMembers(tx, id);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'groups_org_name_key')) throw nameTaken('name');
    throw error;
  }
}

export async function updateGroupDetails(
  ctx: AuthedContext,
  input: { id: string; patch: { name?: string | undefined; description?: string | null | undefined } },
) {
  const current = await loadWritableGroup(ctx, input.id);
  const patch = Object.fromEntries(Object.entries(input.patch).filter(([, value]) => value !== undefined));
  if (Object.keys(patch).length === 0) return withMembers(ctx.db, current.id);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      await q.updateGroup(tx, current.id, patch);
      await audit(ctx, tx, 'groups.update', current, { changedFields: Object.keys(patch) });
      return withMembers(tx, current.id);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'groups_org_name_key')) throw nameTaken('patch.name');
    throw error;
  }
}

export async function deleteGroupById(ctx: AuthedContext, id: string) {
  const current = await loadWritableGroup(ctx, id);
  await ctx.db.transaction().execute(async (tx) => {
    await q.deleteGroup(tx, current.id);
    await audit(ctx, tx, 'groups.delete', current, { name: current.name, memberCount: current.memberCount });
  });
  return { ok: true as const };
}

export async function getGroup(ctx: AuthedContext, id: string) {
  const row = await loadReadableGroup(ctx, id);
  return toGroupWithMembers(row, await q.listMembers(ctx.db, row.id));
}

const byName = pagedList('groups:name:asc');

export async function listGroupsFor(ctx: AuthedContext, input: z.output<typeof listGroupsInput>) {
  const filter = {
    scope: scopeOf(ctx.actor, 'groups.read'),
    organizationId: input.organizationId,
    search: input.search || undefined,
  };
  return byName.read(ctx.db, input, {
    page: (window) => q.selectGroupPage(ctx.db, filter, window),
    matching: q.groupsMatching(ctx.db, filter),
    sortValue: (row) => row.name,
    toItems: (rows) => rows.map(toGroup),
  });
}

/** Adds users of the group's organisation; anyone else (or unknown) fails the whole call. */
export async function addGroupMembers(ctx: AuthedContext, input: { id: string; userIds: string[] }) {
  const group = await loadWritableGroup(ctx, input.id);
  return ctx.db.transaction().execute(async (tx) => {
    const members = await q.lockMembersOf(tx, group.organizationId, input.userIds);
    const outsiders = input.userIds.filter((id) => !members.has(id));
    if (outsiders.length > 0) {
      throw fieldError('userIds', `Not users of this group's organisation: ${outsiders.join(', ')}`);
    }
    const added = await q.addMembers(tx, group.id, input.userIds);
    if (added.length > 0) await audit(ctx, tx, 'groups.add_members', group, { userIds: added });
    return withMembers(tx, group.id);
  });
}

/** Removes these users from the group; ids that are not members are ignored. */
export async function removeGroupMembers(ctx: AuthedContext, input: { id: string; userIds: string[] }) {
  const group = await loadWritableGroup(ctx, input.id);
  return ctx.db.transaction().execute(async (tx) => {
    const removed = await q.removeMembers(tx, group.id, input.userIds);
    if (removed.length > 0) await audit(ctx, tx, 'groups.remove_members', group, { userIds: removed });
    return withMembers(tx, group.id);
  });
}

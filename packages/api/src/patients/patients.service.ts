import type { Executor, PatientRow } from '@praxis/db';
import { can, readsOwnPatients, scopeOf } from '@praxis/policy';
import type { ListPatientsInput } from '@praxis/validators';
import { recordActorAudit } from '../audit/audit.queries';
import { fieldError, forbidden, notFound } from '../errors';
import { pagedList } from '../list-paging';
import { assertCan } from '../policy-guard';
import type { AuthedContext } from '../trpc';
import { findOrganizationSummary } from '../users/users.queries';
import { toPatient } from './patients.mapper';
import * as q from './patients.queries';

const PATIENT = 'Patient';

/**
 * A patient the actor may read: staff through `patients.read` on its organisation, a parent
 * through a link to it. Anyone else who may read some patients gets NOT_FOUND (never leak
 * existence); who may read none at all gets FORBIDDEN.
 */
async function loadReadablePatient(ctx: AuthedContext, id: string): Promise<PatientRow> {
  const mayReadSome = can(ctx.actor, 'patients.read') || readsOwnPatients(ctx.actor);
  if (!mayReadSome) throw forbidden();
  const row = await q.findPatient(ctx.db, id);
  if (!row) throw notFound(PATIENT);
  if (can(ctx.actor, 'patients.read', row)) return row;
  if (readsOwnPatients(ctx.actor) && (await q.isParentOf(ctx.db, ctx.actor.id, row.id))) return row;
  throw notFound(PATIENT);
}

async function loadWritablePatient(ctx: AuthedContext, id: string): Promise<PatientRow> {
  const row = await q.findPatient(ctx.db, id);
  if (!row || !can(ctx.actor, 'patients.read', row)) throw notFound(PATIENT);
  assertCan(ctx.actor, 'patients.write', row, 'patients.read', PATIENT);
  return row;
}

function audit(
  ctx: AuthedContext,
  db: Executor,
  action: string,
  patient: { id: string; organizationId: string },
  metadata?: Record<string, unknown>,
) {
  return recordActorAudit(db, ctx, {
    action,
    targetType: 'patient',
    targetId: patient.id,
    organizationId: patient.organizationId,
    ...(metadata ? { metadata } : {}),
  });
}

async function present(db: Executor, id: string) {
  const row = await q.findPatient(db, id);
  if (!row) throw notFound(PATIENT);
  const parents = await q.parentIdsByPatient(db, [row.id]);
  return toPatient(row, parents.get(row.id) ?? []);
}

export async function getPatient(ctx: AuthedContext, id: string) {
  const row = await loadReadablePatient(ctx, id);
  return present(ctx.db, row.id);
}

const byName = pagedList('patients:name:asc');

/** patients.list: staff see their scope; a parent sees only the patients linked to them. */
export async function listPatients(ctx: AuthedContext, input: ListPatientsInput) {
  const staff = can(ctx.actor, 'patients.read');
  if (!staff && !readsOwnPatients(ctx.actor)) throw forbidden();
  const common = {
    organizationId: input.organizationId,
    search: input.search || undefined,
    active: input.active,
    archived: input.archived,
  };
  // A parent asking for another parent's patients sees none, rather than their own.
  const filter: q.PatientFilter = staff
    ? { ...common, scope: scopeOf(ctx.actor, 'patients.read'), parentId: input.parentId }
    : {
        ...common,
        scope:
          !input.parentId || input.parentId === ctx.actor.id
            ? { all: true }
            : { all: false, organizationIds: [] },
        parentId: ctx.actor.id,
      };
  return byName.read(ctx.db, input, {
    page: (window) => q.selectPatientPage(ctx.db, filter, window),
    matching: q.patientsMatching(ctx.db, filter),
    sortValue: (row) => row.nameSearch,
    toItems: async (rows) => {
      const parents = await q.parentIdsByPatient(
        ctx.db,
        rows.map((row) => row.id),
      );
      return rows.map((row) => toPatient(row, parents.get(row.id) ?? []));
    },
  });
}

export async function createPatient(
  ctx: AuthedContext,
  input: {
    firstName: string;
    lastName: string;
    dateOfBirth?: string | null | undefined;
    active?: boolean | undefined;
    organizationId?: string | null | undefined;
  },
) {
  const organizationId = input.organizationId ?? ctx.actor.organizationId;
  if (!organizationId) throw fieldError('organizationId', 'Choose the organisation of the patient');
  assertCan(ctx.actor, 'patients.write', { organizationId }, 'patients.read', 'Organization');
  if (!(await findOrganizationSummary(ctx.db, organizationId)))
    throw fieldError('organizationId', 'No such organisation');
  return ctx.db.transaction().execute(async (tx) => {
    const id = await q.insertPatient(tx, {
      organizationId,
      firstName: input.firstName,
      lastName: input.lastName,
      dateOfBirth: input.dateOfBirth ?? null,
      ...(input.active === undefined ? {} : { active: input.active }),
    });
    await audit(ctx, tx, 'patients.create', { id, organizationId });
    return present(tx, id);
  });
}

export async function updatePatientDetails(
  ctx: AuthedContext,
  input: {
    id: string;
    patch: {
      firstName?: string | undefined;
      lastName?: string | undefined;
      dateOfBirth?: string | null | undefined;
      active?: boolean | undefined;
    };
  },
) {
  const current = await loadWritablePatient(ctx, input.id);
  const patch = Object.fromEntries(Object.entries(input.patch).filter(([, value]) => value !== undefined));
  if (Object.keys(patch).length === 0) return present(ctx.db, current.id);
  return ctx.db.transaction().execute(async (tx) => {
    await q.updatePatient(tx, current.id, patch);
    // Field names only: a patient's name or birth date is personal data the audit log does not keep.
    await audit(ctx, tx, 'patients.update', current, { changedFields: Object.keys(patch) });
    return present(tx, current.id);
  });
}

/** patients.archive: archives (or with `archived: false` restores); a no-op when already so. */
export async function archivePatient(ctx: AuthedContext, input: { id: string; archived: boolean }) {
  const current = await loadWritablePatient(ctx, input.id);
  if ((current.archivedAt !== null) === input.archived) return present(ctx.db, current.id);
  return ctx.db.transaction().execute(async (tx) => {
    await q.updatePatient(tx, current.id, { archivedAt: input.archived ? new Date() : null });
    await audit(ctx, tx, input.archived ? 'patients.archive' : 'patients.unarchive', current);
    return present(tx, current.id);
  });
}

/** Links a parent user of the patient's organisation (idempotent); anyone else is BAD_REQUEST on `userId`. */
export async function linkPatientParent(ctx: AuthedContext, input: { id: string; userId: string }) {
  const patient = await loadWritablePatient(ctx, input.id);
  return ctx.db.transaction().execute(async (tx) => {
    const user = await q.lockUserForLink(tx, input.userId);
    if (!user || user.organizationId !== patient.organizationId) {
      throw fieldError('userId', "Not a user of this patient's organisation");
    }
    if (user.archivedAt !== null) throw fieldError('userId', 'This user is archived', 'CONFLICT');
    if (!user.roles.includes('parent')) {
      throw fieldError('userId', 'Only users with the parent role can be linked to a patient');
    }
    if (await q.linkParent(tx, patient.id, user.id)) {
      await audit(ctx, tx, 'patients.link', patient, { userId: user.id });
    }
    return present(tx, patient.id);
  });
}

/** Unlinks a parent user; a user who was not linked changes nothing. */
export async function unlinkPatientParent(ctx: AuthedContext, input: { id: string; userId: string }) {
  const patient = await loadWritablePatient(ctx, input.id);
  return ctx.db.transaction().execute(async (tx) => {
    if (await q.unlinkParent(tx, patient.id, input.userId)) {
      await audit(ctx, tx, 'patients.unlink', patient, { userId: input.userId });
    }
    return present(tx, patient.id);
  });
}

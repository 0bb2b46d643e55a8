import type { PatientRow } from '@praxis/db';

/** The Patient shape: the record and the ids of its parent users. */
export function toPatient(row: PatientRow, parentIds: readonly string[]) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    firstName: row.firstName,
    lastName: row.lastName,
    dateOfBirth: row.dateOfBirth,
    active: row.active,
    archivedAt: row.archivedAt,
    parentIds: [...parentIds],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type Patient = ReturnType<typeof toPatient>;

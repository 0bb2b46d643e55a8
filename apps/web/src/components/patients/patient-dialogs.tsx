import { Field, Input, useToast } from '@praxis/ui';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useInvalidate } from '../../lib/use-invalidate';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { ConfirmDialog, FormDialog } from '../dialogs';

export type Patient = RouterOutputs['patients']['list']['items'][number];

export const patientName = (patient: Pick<Patient, 'firstName' | 'lastName'>) =>
  `${patient.firstName} ${patient.lastName}`.trim();

export const useInvalidatePatients = () => useInvalidate(useTRPC().patients.pathKey());

const selectClass = 'h-10 rounded-md border border-input bg-background px-2 text-sm';

/**
 * Create (no `patient`) or edit a patient: names, date of birth, active. Viewers who write every
 * organisation's patients pick the organisation of a new one (`organizations`); others create in
 * their own.
 */
export function PatientFormDialog({
  patient,
  organizations,
  defaultOrganizationId,
  onOpenChange,
}: {
  patient?: Patient;
  organizations?: readonly { id: string; name: string }[];
  defaultOrganizationId?: string | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidatePatients();
  const [firstName, setFirstName] = useState(patient?.firstName ?? '');
  const [lastName, setLastName] = useState(patient?.lastName ?? '');
  const [dateOfBirth, setDateOfBirth] = useState(patient?.dateOfBirth ?? '');
  const [active, setActive] = useState(patient?.active ?? true);
  const [organizationId, setOrganizationId] = useState(defaultOrganizationId ?? '');
  const [error, setError] = useState<unknown>(null);
  const onDone = (message: string) => () => {
    invalidate();
    toast(message);
    onOpenChange(false);
  };
  const create = useMutation(
    trpc.patients.create.mutationOptions({ onSuccess: onDone('Patient created'), onError: setError }),
  );
  const update = useMutation(
    trpc.patients.update.mutationOptions({ onSuccess: onDone('Patient saved'), onError: setError }),
  );
  const fieldErrors = fieldErrorsOf(error);
  const errorsOf = (field: string) => fieldErrors[field] ?? fieldErrors[`patch.${field}`];
  const submit = () => {
    setError(null);
    const details = { firstName, lastName, dateOfBirth: dateOfBirth || null, active };
    if (patient) update.mutate({ id: patient.id, patch: details });
    else create.mutate({ ...details, ...(organizationId ? { organizationId } : {}) });
  };
  const fields = ['firstName', 'lastName', 'dateOfBirth', 'active', 'organizationId'];
  const otherError = error && !fields.some((field) => errorsOf(field)) ? errorMessage(error) : null;
  return (
    <FormDialog
      title={patient ? `Edit ${patientName(patient)}` : 'New patient'}
      description={
        patient ? 'Change the patient’s details.' : 'Parents can be linked once the patient exists.'
      }
      error={otherError}
      submitLabel={patient ? 'Save' : 'Create patient'}
      pending={create.isPending || update.isPending}
      onSubmit={submit}
      onOpenChange={onOpenChange}
    >
      {!patient && organizations ? (
        <Field label="Organisation" errors={errorsOf('organizationId')}>
          <select
            name="organizationId"
            className={selectClass}
            value={organizationId}
            onChange={(e) => setOrganizationId(e.target.value)}
          >
            <option value="">My organisation</option>
            {organizations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <div className="grid items-start gap-4 sm:grid-cols-2">
        <Field label="First name" errors={errorsOf('firstName')}>
          <Input value={firstName} onChange={(e) => setFirstName(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Last name" errors={errorsOf('lastName')}>
          <Input value={lastName} onChange={(e) => setLastName(e.target.value)} autoComplete="off" />
        </Field>
      </div>
      <Field label="Date of birth" hint="Optional" errors={errorsOf('dateOfBirth')}>
        <Input type="date" value={dateOfBirth} onChange={(e) => setDateOfBirth(e.target.value)} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4"
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
        />
        Active
      </label>
    </FormDialog>
  );
}

/** The confirmation before archiving or restoring a patient. */
export function ArchivePatientDialog({
  patient,
  onOpenChange,
}: {
  patient: Patient;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidatePatients();
  const [error, setError] = useState<unknown>(null);
  const restoring = Boolean(patient.archivedAt);
  const name = patientName(patient);
  const archive = useMutation(
    trpc.patients.archive.mutationOptions({
      onSuccess: () => {
        invalidate();
        toast(restoring ? `${name} restored` : `${name} archived`);
        onOpenChange(false);
      },
      onError: setError,
    }),
  );
  return (
    <ConfirmDialog
      title={`${restoring ? 'Restore' : 'Archive'} ${name}?`}
      description={
        restoring
          ? 'The patient returns to the current list, with their parent links.'
          : 'The patient moves to the archived view. Nothing is deleted: you can restore them later.'
      }
      error={error}
      confirmLabel={restoring ? 'Restore' : 'Archive'}
      variant={restoring ? 'default' : 'destructive'}
      pending={archive.isPending}
      onConfirm={() => archive.mutate({ id: patient.id, archived: !restoring })}
      onOpenChange={onOpenChange}
    />
  );
}

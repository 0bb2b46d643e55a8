import { type Actor, canGrantRole } from '@praxis/policy';
import { Alert, AlertDescription, Field, Input, useToast } from '@praxis/ui';
import { ROLE_VALUES, type RoleValue } from '@praxis/validators';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorCode, errorData, errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useInvalidate } from '../../lib/use-invalidate';
import { useTRPC } from '../../trpc';
import { FormDialog } from '../dialogs';
import { formatWait } from '../sign-in/refusal';
import { roleLabel } from '../users/user-cells';

export interface OrgOption {
  id: string;
  name: string;
}

/** The roles this viewer may grant in that organisation (the server checks the same rule). */
export function grantableRoles(actor: Actor, organizationId: string | null): RoleValue[] {
  return ROLE_VALUES.filter((role) => canGrantRole(actor, role, { organizationId }));
}

const NO_ORG = 'none';

/**
 * Sends an invitation. An admin picks the organisation (or none); anyone else invites into their
 * own, shown but fixed. Only roles the viewer may grant there are offered.
 */
export function InviteDialog({
  actor,
  chooseOrg,
  organizations,
  wait,
  onThrottled,
  onOpenChange,
}: {
  actor: Actor;
  /** May the viewer choose the organisation (an admin), or is it their own? */
  chooseOrg: boolean;
  organizations: readonly OrgOption[];
  /** Seconds left of the inviter's throttle (0: none): sending waits, like resending. */
  wait: number;
  /** The server throttled the inviter (TOO_MANY_REQUESTS) for this many seconds. */
  onThrottled: (retryAfterSeconds: number) => void;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate(trpc.invitations.pathKey());
  const { toast } = useToast();
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [org, setOrg] = useState<string>(chooseOrg ? '' : (actor.organizationId ?? NO_ORG));
  const [roles, setRoles] = useState<RoleValue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const organizationId = org === NO_ORG || org === '' ? null : org;
  const offered = grantableRoles(actor, organizationId);
  const create = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: (invitation) => {
        invalidate();
        toast(`Invitation sent to ${invitation.email}`);
        onOpenChange(false);
      },
      onError: (failure) => {
        if (errorCode(failure) === 'TOO_MANY_REQUESTS') {
          setError(null);
          onThrottled(errorData(failure).retryAfterSeconds ?? 60);
          return;
        }
        setError(failure);
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(error);
  const orgMissing = chooseOrg && org === '';
  const [triedOrg, setTriedOrg] = useState(false);
  const submit = () => {
    setError(null);
    setTriedOrg(true);
    if (orgMissing) return;
    create.mutate({
      email,
      roles: roles.filter((role) => offered.includes(role)),
      ...(chooseOrg ? { organizationId } : {}),
      ...(firstName.trim() ? { firstName: firstName.trim() } : {}),
      ...(lastName.trim() ? { lastName: lastName.trim() } : {}),
    });
  };
  const known = new Set(['email', 'roles', 'organizationId', 'firstName', 'lastName']);
  const otherError =
    error && !Object.keys(fieldErrors).some((key) => known.has(key.split('.')[0] ?? ''))
      ? errorMessage(error)
      : null;
  const orgName = organizations.find((o) => o.id === actor.organizationId)?.name ?? 'Your organisation';
  return (
    <FormDialog
      title="Invite someone"
      description="They get an email with a link, valid for 7 days, to set a password and sign in."
      error={otherError}
      submitLabel={create.isPending ? 'Sending…' : 'Send invitation'}
      pending={create.isPending || wait > 0}
      onSubmit={submit}
      onOpenChange={onOpenChange}
    >
      {wait > 0 ? (
        <Alert>
          <AlertDescription>
            You have sent too many invitations for now. You can send again in {formatWait(wait)}.
          </AlertDescription>
        </Alert>
      ) : null}
      <Field label="Email" errors={fieldErrors.email}>
        <Input
          name="email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="off"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" errors={fieldErrors.firstName}>
          <Input name="firstName" value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        </Field>
        <Field label="Last name" errors={fieldErrors.lastName}>
          <Input name="lastName" value={lastName} onChange={(e) => setLastName(e.target.value)} />
        </Field>
      </div>
      {chooseOrg ? (
        <Field
          label="Organisation"
          errors={
            fieldErrors.organizationId ??
            (triedOrg && orgMissing ? ['Choose an organisation (or none)'] : undefined)
          }
        >
          <select
            name="organizationId"
            className="h-10 rounded-md border border-input bg-background px-2 text-sm"
            value={org}
            onChange={(e) => setOrg(e.target.value)}
          >
            <option value="">Choose…</option>
            <option value={NO_ORG}>No organisation</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field label="Organisation" errors={fieldErrors.organizationId}>
          <Input name="organizationId" value={orgName} readOnly className="bg-muted" />
        </Field>
      )}
      <fieldset
        className="grid gap-1"
        aria-describedby={fieldErrors.roles ? 'invite-roles-error' : undefined}
      >
        <legend className="mb-1 font-medium text-sm">Roles</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {offered.map((role) => (
            <label key={role} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                className="size-4"
                checked={roles.includes(role)}
                onChange={(event) =>
                  setRoles((current) =>
                    event.target.checked ? [...current, role] : current.filter((r) => r !== role),
                  )
                }
              />
              {roleLabel(role)}
            </label>
          ))}
        </div>
        {fieldErrors.roles ? (
          <p id="invite-roles-error" className="text-destructive text-sm">
            {fieldErrors.roles.join(' ')}
          </p>
        ) : null}
      </fieldset>
    </FormDialog>
  );
}

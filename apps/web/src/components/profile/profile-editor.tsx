import type { Actor } from '@praxis/policy';
import { Alert, Button, Field, Input, useToast } from '@praxis/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import type { FieldErrors } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { AddressList } from './address-list';
import { ImagePreview, Section, TimeZoneList } from './profile-parts';
import { profileRights } from './profile-rights';
import {
  errorsBySection,
  inputOf,
  isDirty,
  PERSONAL_FIELDS,
  type Profile,
  type ProfileValues,
  validateProfile,
  valuesOf,
} from './profile-values';
import { SectionErrors } from './section-errors';
import { UnsavedChangesGuard } from './unsaved-changes';

const selectClass =
  'flex h-10 w-full rounded-md border border-input bg-background px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive';

const INPUT_TYPES: Partial<Record<(typeof PERSONAL_FIELDS)[number][0], string>> = {
  email: 'email',
  phoneNumber: 'tel',
  dob: 'date',
  image: 'url',
};

interface Props {
  profile: Profile;
  /** The signed-in viewer (policy decides which account fields they may change). */
  actor: Actor;
  /** The owner's organisation as the page knows it, for the organisation list. */
  organization: { id: string; name: string } | null;
}

/**
 * A practice profile's four sections on one form, saved with ONE profiles.upsert (one transaction
 * on the server: all or nothing). Values are checked first with the server's own schema; the
 * server's field errors are shown beside their field and summed up at the top of their section.
 */
export function ProfileEditor({ profile, actor, organization }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [saved, setSaved] = useState<ProfileValues>(() => valuesOf(profile));
  const [values, setValues] = useState<ProfileValues>(saved);
  const [currentPassword, setCurrentPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // What the pending save sends: it becomes the saved state when the server says yes.
  const submitted = useRef<ProfileValues>(saved);
  const form = useRef<HTMLFormElement>(null);
  // After a refused save the focus goes to the first field in error, so keyboard users land on it.
  const focusFirstError = useRef(false);
  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
  const rights = profileRights(actor, {
    id: profile.userId,
    organizationId: saved.account.orgid || null,
    isOrgAdmin: saved.account.isOrgAdmin,
    role: saved.professional.role,
  });
  const self = rights.self;
  const organizations = useQuery({
    ...trpc.users.filterOptions.queryOptions(),
    enabled: rights.listOrganizations,
  });
  const orgOptions = useMemo(() => {
    const list = organizations.data?.organizations ?? [];
    return organization && !list.some((o) => o.id === organization.id) ? [organization, ...list] : list;
  }, [organizations.data, organization]);
  const emailChanged = values.personal.email.trim().toLowerCase() !== saved.personal.email.toLowerCase();
  const dirty = isDirty(values, saved);
  const bySection = errorsBySection(errors);

  const save = useMutation(
    trpc.profiles.upsert.mutationOptions({
      onSuccess: async (_result, input) => {
        setSaved(submitted.current);
        setCurrentPassword('');
        setErrors({});
        setFormError(null);
        toast('Profile saved.');
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.profiles.get.queryKey({ userId: input.userId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.users.get.queryKey({ id: input.userId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
        ]);
      },
      onError: (error) => {
        const fields = fieldErrorsOf(error);
        setErrors(fields);
        focusFirstError.current = true;
        if (Object.keys(fields).length) {
          setFormError(null);
          toast('Not saved: see the marked fields.', 'destructive');
        } else {
          setFormError(errorMessage(error));
          toast(`Not saved: ${errorMessage(error)}`, 'destructive');
        }
      },
    }),
  );

  const inputNow = () =>
    inputOf(profile.userId, values, saved, self && emailChanged ? currentPassword : null);

  /** Checks one field as the server would when the user leaves it. */
  const checkField = (key: string) => {
    const checked = validateProfile(inputNow());
    const messages = checked.ok ? undefined : checked.fieldErrors[key];
    setErrors(({ [key]: _old, ...rest }) => (messages ? { ...rest, [key]: messages } : rest));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!dirty) {
      toast('Nothing changed.');
      return;
    }
    const checked = validateProfile(inputNow());
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      focusFirstError.current = true;
      return;
    }
    setErrors({});
    submitted.current = values;
    save.mutate(checked.data);
  };

  const setSection = <S extends 'personal' | 'account' | 'professional'>(
    section: S,
    field: keyof ProfileValues[S],
    value: string | boolean,
  ) => setValues((current) => ({ ...current, [section]: { ...current[section], [field]: value } }));

  const formErrors = Object.values(bySection.form).flat();
  return (
    <form ref={form} noValidate onSubmit={submit} aria-label="Practice profile" className="grid gap-6">
      <UnsavedChangesGuard when={dirty && !save.isPending} />
      {formError || formErrors.length ? (
        <Alert variant="destructive">{[formError, ...formErrors].filter(Boolean).join(' ')}</Alert>
      ) : null}

      <Section id="personal" title="Personal">
        <SectionErrors errors={bySection.personal} section="Personal" />
        <div className="grid items-start gap-4 sm:grid-cols-2">
          {PERSONAL_FIELDS.map(([field, label]) => (
            <Field key={field} label={label} errors={errors[`personal.${field}`]}>
              <Input
                name={field}
                type={INPUT_TYPES[field] ?? 'text'}
                value={values.personal[field]}
                onChange={(event) => setSection('personal', field, event.target.value)}
                onBlur={() => checkField(`personal.${field}`)}
                list={field === 'timezone' ? 'profile-time-zones' : undefined}
                autoComplete="off"
              />
            </Field>
          ))}
          {self && emailChanged ? (
            <Field
              label="Current password"
              hint="Needed to change your own email address."
              errors={errors.currentPassword}
            >
              <Input
                name="currentPassword"
                type="password"
                value={currentPassword}
                onChange={(event) => setCurrentPassword(event.target.value)}
                autoComplete="current-password"
              />
            </Field>
          ) : null}
        </div>
        <TimeZoneList />
        <ImagePreview url={values.personal.image} />
      </Section>

      <Section id="addresses" title="Addresses">
        <SectionErrors errors={bySection.addresses} section="Addresses" />
        <AddressList
          rows={values.addresses}
          errors={errors}
          onChange={(addresses) => {
            // Errors are keyed by position: once rows move or go, the old positions mean nothing.
            if (
              addresses.length !== values.addresses.length ||
              addresses.some((r, i) => r.key !== values.addresses[i]?.key)
            )
              setErrors((current) =>
                Object.fromEntries(Object.entries(current).filter(([k]) => !k.startsWith('addresses'))),
              );
            setValues((current) => ({ ...current, addresses }));
          }}
          onBlurField={checkField}
        />
      </Section>

      <Section id="account" title="Account">
        <SectionErrors errors={bySection.account} section="Account" />
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <Field label="Login id" errors={errors['account.loginid']}>
            <Input
              name="loginid"
              value={values.account.loginid}
              onChange={(event) => setSection('account', 'loginid', event.target.value)}
              onBlur={() => checkField('account.loginid')}
              autoComplete="off"
            />
          </Field>
          <Field
            label="Organisation"
            errors={errors['account.orgid']}
            hint={rights.move ? undefined : 'Only an administrator of both organisations moves a user.'}
          >
            <select
              name="orgid"
              className={selectClass}
              value={values.account.orgid}
              disabled={!rights.move}
              onChange={(event) => setSection('account', 'orgid', event.target.value)}
            >
              <option value="">None</option>
              {orgOptions.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
          </Field>
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input
              type="checkbox"
              name="isOrgAdmin"
              className="size-4"
              checked={values.account.isOrgAdmin}
              disabled={!rights.orgAdmin}
              onChange={(event) => setSection('account', 'isOrgAdmin', event.target.checked)}
            />
            Organisation admin (holds the client admin role)
            {rights.orgAdmin ? null : (
              <span className="text-muted-foreground">— only an administrator changes this</span>
            )}
          </label>
        </div>
      </Section>

      <Section id="professional" title="Professional">
        <SectionErrors errors={bySection.professional} section="Professional" />
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <Field label="NPI" errors={errors['professional.npi']} hint="10 digits, the last a check digit.">
            <Input
              name="npi"
              inputMode="numeric"
              value={values.professional.npi}
              onChange={(event) => setSection('professional', 'npi', event.target.value)}
              onBlur={() => checkField('professional.npi')}
              autoComplete="off"
            />
          </Field>
          <Field
            label="Role"
            errors={errors['professional.role']}
            hint={rights.changeRole ? undefined : 'Only someone who may grant roles changes it.'}
          >
            <select
              name="role"
              className={selectClass}
              value={values.professional.role}
              disabled={!rights.changeRole}
              onChange={(event) => setSection('professional', 'role', event.target.value)}
            >
              {saved.professional.role === '' ? <option value="">None</option> : null}
              {rights.roles.map((role) => (
                <option key={role} value={role}>
                  {role.charAt(0).toUpperCase() + role.slice(1)}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </Section>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save profile'}
        </Button>
        <Button
          type="button"
          variant="outline"
          disabled={!dirty || save.isPending}
          onClick={() => {
            setValues(saved);
            setErrors({});
            setFormError(null);
          }}
        >
          Discard changes
        </Button>
        <p className="text-muted-foreground text-sm" aria-live="polite">
          {dirty ? 'Unsaved changes' : 'All changes saved'}
        </p>
      </div>
    </form>
  );
}

import { Alert, Button, Field, Input, useToast } from '@praxis/ui';
import { upsertProfileInput } from '@praxis/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import type { Me } from '../../lib/session';
import { type FieldErrors, validate } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { AccountCard } from './account-card';

/** profiles.upsert reports the personal section's fields as `personal.<name>`; the form's are bare. */
export function profileFieldErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, messages]) => [key.replace(/^personal\./, ''), messages]),
  );
}

/** The zone names the browser knows, for the time zone list (with the current value kept). */
function timeZones(current: string | null): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  return current && !known.includes(current) ? [current, ...known] : known;
}

const selectClass =
  'flex h-10 w-full rounded-md border border-input bg-background px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring aria-invalid:border-destructive';

/**
 * The signed-in user's own basics, saved with profiles.upsert on themself (everyone may write their
 * own profile). A new email takes the current password, which the server asks for on
 * `currentPassword`; the field appears once the email differs.
 */
export function ProfileForm({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [email, setEmail] = useState(me.email);
  const zones = useMemo(() => timeZones(me.timezone), [me.timezone]);
  const emailChanged = email.trim().toLowerCase() !== me.email.toLowerCase();
  const save = useMutation(
    trpc.profiles.upsert.mutationOptions({
      onSuccess: async () => {
        setErrors({});
        toast('Your profile is saved.');
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
      onError: (error) => setErrors(profileFieldErrors(fieldErrorsOf(error))),
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const orNull = (value: string) => (value === '' ? null : value);
    const checked = validate(upsertProfileInput, {
      userId: me.id,
      personal: {
        firstName: orNull(text('firstName')),
        lastName: orNull(text('lastName')),
        email: text('email'),
        phoneNumber: orNull(text('phoneNumber')),
        timezone: orNull(text('timezone')),
      },
      ...(emailChanged ? { currentPassword: String(form.get('currentPassword') ?? '') } : {}),
    });
    if (!checked.ok) {
      setErrors(profileFieldErrors(checked.fieldErrors));
      return;
    }
    setErrors({});
    save.mutate(checked.data);
  };

  const unplaced = save.error && Object.keys(errors).length === 0 ? errorMessage(save.error) : null;
  return (
    <AccountCard title="Profile" description="How you appear to others in Praxis.">
      <form noValidate onSubmit={submit} className="grid gap-4 sm:grid-cols-2" aria-label="Profile">
        {unplaced ? (
          <Alert variant="destructive" className="sm:col-span-2">
            {unplaced}
          </Alert>
        ) : null}
        <Field label="First name" errors={errors.firstName}>
          <Input name="firstName" defaultValue={me.firstName} autoComplete="given-name" />
        </Field>
        <Field label="Last name" errors={errors.lastName}>
          <Input name="lastName" defaultValue={me.lastName} autoComplete="family-name" />
        </Field>
        <Field label="Email" errors={errors.email}>
          <Input
            name="email"
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="email"
          />
        </Field>
        {emailChanged ? (
          <Field
            label="Current password"
            hint="Needed to change your email address."
            errors={errors.currentPassword}
          >
            <Input name="currentPassword" type="password" autoComplete="current-password" />
          </Field>
        ) : (
          <div className="hidden sm:block" />
        )}
        <Field label="Phone number" errors={errors.phoneNumber}>
          <Input name="phoneNumber" type="tel" defaultValue={me.phoneNumber ?? ''} autoComplete="tel" />
        </Field>
        <Field label="Time zone" errors={errors.timezone}>
          <select name="timezone" defaultValue={me.timezone ?? ''} className={selectClass}>
            <option value="">Not set (use the browser's)</option>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </Field>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save profile'}
          </Button>
        </div>
      </form>
    </AccountCard>
  );
}

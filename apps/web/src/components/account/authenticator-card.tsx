import { Button, Field, Input, useToast } from '@praxis/ui';
import { currentPasswordInput, totpConfirmInput } from '@praxis/validators';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/errors';
import { type FieldErrors, validate } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { AccountCard } from './account-card';
import { BackupCodes } from './backup-codes';
import { FormError } from './form-error';

/** The secret of an otpauth:// URI, for typing into an app by hand. */
export function secretOf(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret') ?? '';
  return secret.replace(/(.{4})(?!$)/g, '$1 ');
}

/** Sign-in codes from an authenticator app (auth.totp.*) and its backup codes (auth.backupCodes.*). */
export function AuthenticatorCard({ enabled }: { enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [enrolment, setEnrolment] = useState<{ uri: string; qrSvg: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const remaining = useQuery({ ...trpc.auth.backupCodes.remaining.queryOptions(), enabled });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.auth.backupCodes.remaining.queryKey() });
  };

  let body: React.ReactNode;
  if (codes) body = <BackupCodes codes={codes} onDone={() => setCodes(null)} />;
  else if (enrolment)
    body = (
      <ConfirmStep
        enrolment={enrolment}
        onCancel={() => setEnrolment(null)}
        onConfirmed={async (backupCodes) => {
          setEnrolment(null);
          setCodes(backupCodes);
          await refresh();
        }}
      />
    );
  else if (enabled) body = <ManageForm onCodes={setCodes} onChanged={refresh} />;
  else body = <EnrollForm onEnrolment={setEnrolment} />;

  return (
    <AccountCard
      title="Authenticator app"
      description={
        enabled
          ? `After your password, enter the code your authenticator app shows. Backup codes left: ${remaining.data?.remaining ?? '…'}.`
          : 'Use an app such as Google Authenticator, 1Password or Authy for sign-in codes, no email needed.'
      }
      on={enabled}
    >
      {body}
    </AccountCard>
  );
}

function usePasswordForm<T>(
  run: (input: { currentPassword: string }, form: HTMLFormElement, action: string | null) => Promise<T>,
) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const action = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') ?? null;
    const checked = validate(currentPasswordInput, {
      currentPassword: new FormData(form).get('currentPassword') ?? '',
    });
    setError(null);
    if (!checked.ok) return setErrors(checked.fieldErrors);
    setErrors({});
    setPending(true);
    try {
      await run(checked.data, form, action);
      form.reset();
    } catch (caught) {
      setErrors(fieldErrorsOf(caught));
      setError(caught);
    } finally {
      setPending(false);
    }
  };
  const field = (
    <Field label="Password" hint="Confirm it's you." errors={errors.currentPassword}>
      <Input name="currentPassword" type="password" autoComplete="current-password" />
    </Field>
  );
  return { submit, pending, field, formError: <FormError error={error} errors={errors} /> };
}

function EnrollForm({ onEnrolment }: { onEnrolment: (e: { uri: string; qrSvg: string }) => void }) {
  const trpc = useTRPC();
  const enroll = useMutation(trpc.auth.totp.enroll.mutationOptions());
  const { submit, pending, field, formError } = usePasswordForm(async (input) =>
    onEnrolment(await enroll.mutateAsync(input)),
  );
  return (
    <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Set up an authenticator app">
      {formError}
      {field}
      <div>
        <Button type="submit" disabled={pending}>
          Set up an authenticator app
        </Button>
      </div>
    </form>
  );
}

function ConfirmStep({
  enrolment,
  onCancel,
  onConfirmed,
}: {
  enrolment: { uri: string; qrSvg: string };
  onCancel: () => void;
  onConfirmed: (backupCodes: string[]) => Promise<void>;
}) {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<FieldErrors>({});
  const confirm = useMutation(
    trpc.auth.totp.confirm.mutationOptions({
      onSuccess: ({ backupCodes }) => onConfirmed(backupCodes),
      onError: (error) => setErrors(fieldErrorsOf(error)),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(totpConfirmInput, { code: new FormData(event.currentTarget).get('code') ?? '' });
    if (!checked.ok) return setErrors(checked.fieldErrors);
    setErrors({});
    confirm.mutate(checked.data);
  };
  return (
    <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Confirm the authenticator app">
      <p className="text-sm">Scan this QR code with your authenticator app, then enter the code it shows.</p>
      <div
        role="img"
        aria-label="QR code for your authenticator app"
        className="size-48 rounded-md border bg-white p-1 [&_svg]:size-full"
        // Made by the server from the otpauth URI with the qrcode library: no user content in it.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: a server-made SVG of our own
        dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
      />
      <p className="text-sm">
        Can't scan? Enter this key in the app instead:{' '}
        <code data-testid="totp-secret" className="break-words rounded bg-muted px-1 font-mono">
          {secretOf(enrolment.uri)}
        </code>
      </p>
      <FormError error={confirm.error} errors={errors} />
      <Field label="Code from the app" errors={errors.code}>
        <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={confirm.isPending}>
          Turn on
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function ManageForm({
  onCodes,
  onChanged,
}: {
  onCodes: (codes: string[]) => void;
  onChanged: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const regenerate = useMutation(trpc.auth.backupCodes.regenerate.mutationOptions());
  const disable = useMutation(trpc.auth.totp.disable.mutationOptions());
  const { submit, pending, field, formError } = usePasswordForm(async (input, _form, action) => {
    if (action === 'disable') {
      await disable.mutateAsync(input);
      toast('The authenticator app is off.');
    } else {
      onCodes((await regenerate.mutateAsync(input)).backupCodes);
    }
    await onChanged();
  });
  return (
    <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Manage the authenticator app">
      {formError}
      {field}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" value="regenerate" variant="outline" disabled={pending}>
          New backup codes
        </Button>
        <Button type="submit" value="disable" variant="outline" disabled={pending}>
          Turn the authenticator app off
        </Button>
      </div>
    </form>
  );
}

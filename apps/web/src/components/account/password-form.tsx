import { Button, Field, Input, useToast } from '@praxis/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/errors';
import type { FieldErrors } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { checkNewPassword } from '../password/new-password';
import { NewPasswordFields, newPasswordValues } from '../password/new-password-fields';
import { AccountCard } from './account-card';
import { FormError } from './form-error';

/** auth.changePassword: the server keeps this session and ends every other one. */
export function PasswordForm({
  owner,
  onChanged,
}: {
  owner: { email: string; firstName?: string | null; lastName?: string | null };
  /** After the change (the forced-change screen moves on); the account screen stays. */
  onChanged?: () => void | Promise<void>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onError: (error) => setErrors(fieldErrorsOf(error)),
    }),
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const currentPassword = String(form.get('currentPassword') ?? '');
    const checked = await checkNewPassword(newPasswordValues(form), owner);
    const fieldErrors: FieldErrors = checked.ok ? {} : { ...checked.fieldErrors };
    if (!currentPassword) fieldErrors.currentPassword = ['Current password is required'];
    if (!checked.ok || Object.keys(fieldErrors).length > 0) {
      setErrors(fieldErrors);
      return;
    }
    setErrors({});
    change.mutate(
      { currentPassword, newPassword: checked.password },
      {
        onSuccess: async () => {
          formElement.reset();
          toast('Your password is changed. Your other sessions are signed out.');
          await queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
          await onChanged?.();
        },
      },
    );
  };

  return (
    <AccountCard title="Password" description="Changing it signs you out everywhere else.">
      <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Change password">
        <FormError error={change.error} errors={errors} />
        <Field label="Current password" errors={errors.currentPassword}>
          <Input name="currentPassword" type="password" autoComplete="current-password" />
        </Field>
        <NewPasswordFields errors={errors} owner={owner} />
        <div>
          <Button type="submit" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </Button>
        </div>
      </form>
    </AccountCard>
  );
}

import { Button, Field, Input, useToast } from '@praxis/ui';
import { setEmail2faInput } from '@praxis/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/errors';
import { type FieldErrors, validate } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { AccountCard } from './account-card';
import { FormError } from './form-error';

/** Email codes at sign-in (auth.setEmail2fa), switched with the password. */
export function TwoFactorForm({ enabled }: { enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = useMutation(
    trpc.auth.setEmail2fa.mutationOptions({
      onError: (error) => setErrors(fieldErrorsOf(error)),
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const checked = validate(setEmail2faInput, {
      enabled: !enabled,
      password: new FormData(formElement).get('password') ?? '',
    });
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      return;
    }
    setErrors({});
    set.mutate(checked.data, {
      onSuccess: async (user) => {
        formElement.reset();
        toast(user.email2faEnabled ? 'Email codes are on.' : 'Email codes are off.');
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    });
  };

  return (
    <AccountCard
      title="Email codes at sign-in"
      description={
        enabled
          ? 'After your password, we email you a 6-digit code to finish signing in.'
          : 'Turn this on to be asked for a code from your email after your password.'
      }
      on={enabled}
    >
      <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Email codes at sign-in">
        <FormError error={set.error} errors={errors} />
        <Field label="Password" hint="Confirm it's you." errors={errors.password}>
          <Input name="password" type="password" autoComplete="current-password" />
        </Field>
        <div>
          <Button type="submit" variant={enabled ? 'outline' : 'default'} disabled={set.isPending}>
            {enabled ? 'Turn email codes off' : 'Turn email codes on'}
          </Button>
        </div>
      </form>
    </AccountCard>
  );
}

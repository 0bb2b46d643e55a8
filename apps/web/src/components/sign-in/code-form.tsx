import { Alert, Button, Field, Input } from '@praxis/ui';
import { verify2faInput } from '@praxis/validators';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorCode, fieldErrorsOf } from '../../lib/errors';
import { useCountdown } from '../../lib/use-countdown';
import { type FieldErrors, validate } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { formatWait, type Refusal, refusalOf } from './refusal';

/** How long "Send a new code" stays off after a code was sent (the server rate-limits too). */
export const RESEND_COOLDOWN_SECONDS = 30;

export type TwoFactorMethod = 'email' | 'totp' | 'backup';

/** What to type, for the methods the account has (auth.login names them). */
export function codePrompt(methods: readonly TwoFactorMethod[], email: string): string {
  const ways = [
    methods.includes('email') ? `the 6-digit code we emailed to ${email} (valid for 10 minutes)` : null,
    methods.includes('totp') ? 'the 6-digit code from your authenticator app' : null,
    methods.includes('backup') ? 'one of your backup codes' : null,
  ].filter((way): way is string => way !== null);
  const list =
    ways.length > 1 ? `${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}` : (ways[0] ?? 'your code');
  return `Enter ${list}.`;
}

export function CodeForm({
  challengeId,
  email,
  methods,
  onDone,
  onRestart,
}: {
  challengeId: string;
  email: string;
  methods: readonly TwoFactorMethod[];
  onDone: () => void;
  onRestart: () => void;
}) {
  const trpc = useTRPC();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resendAt, setResendAt] = useState(() => Date.now() + RESEND_COOLDOWN_SECONDS * 1000);
  const resendWait = useCountdown(resendAt);
  const wait = useCountdown(refusal?.retryAt ?? null);
  // A challenge that expired, was used or ran out of tries cannot be saved: start again.
  const [dead, setDead] = useState(false);

  const fail = (error: unknown) => {
    const errors = fieldErrorsOf(error);
    setFieldErrors(errors);
    setNotice(null);
    const next = refusalOf(error);
    setRefusal(next);
    if (next.retryAt) setResendAt(Math.max(resendAt, next.retryAt));
    if (errorCode(error) === 'UNAUTHORIZED' && !errors.code) setDead(true);
  };
  const verify = useMutation(trpc.auth.verify2fa.mutationOptions({ onSuccess: onDone, onError: fail }));
  const resend = useMutation(
    trpc.auth.resend2fa.mutationOptions({
      onSuccess: () => {
        setRefusal(null);
        setNotice(`A new code is on its way to ${email}.`);
        setResendAt(Date.now() + RESEND_COOLDOWN_SECONDS * 1000);
      },
      onError: fail,
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const checked = validate(verify2faInput, { challengeId, code: form.get('code') });
    setRefusal(null);
    if (!checked.ok) {
      setFieldErrors(checked.fieldErrors);
      return;
    }
    setFieldErrors({});
    verify.mutate(checked.data);
  };

  return (
    <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Two-step verification">
      <p className="text-sm">{codePrompt(methods, email)}</p>
      {notice ? <Alert variant="info">{notice}</Alert> : null}
      {refusal ? (
        <Alert variant="destructive">
          {refusal.retryAt && wait > 0
            ? `Too many attempts. Wait ${formatWait(wait)} and try again.`
            : refusal.message}
        </Alert>
      ) : null}
      {dead ? (
        <Button onClick={onRestart}>Sign in again</Button>
      ) : (
        <>
          <Field label="Code" errors={fieldErrors.code}>
            <Input
              name="code"
              inputMode={methods.includes('backup') ? 'text' : 'numeric'}
              autoComplete="one-time-code"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={methods.includes('backup') ? 19 : 7}
              required
              autoFocus
            />
          </Field>
          <Button type="submit" disabled={verify.isPending || wait > 0}>
            {verify.isPending ? 'Checking…' : 'Verify'}
          </Button>
          {methods.includes('email') ? (
            <div className="flex items-center justify-between gap-2 text-sm">
              <Button
                variant="link"
                className="h-auto px-0"
                disabled={resend.isPending || resendWait > 0}
                onClick={() => resend.mutate({ challengeId })}
              >
                Send a new code
              </Button>
              <span className="text-muted-foreground" aria-live="polite">
                {resendWait > 0 ? `Available in ${resendWait} s` : ''}
              </span>
            </div>
          ) : null}
          <Button variant="ghost" onClick={onRestart}>
            Use another account
          </Button>
        </>
      )}
    </form>
  );
}

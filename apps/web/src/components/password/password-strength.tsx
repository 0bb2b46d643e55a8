import {
  assessPassword,
  MIN_PASSWORD_SCORE,
  PASSWORD_MIN_LENGTH,
  type PasswordAssessment,
  type PasswordOwner,
} from '@praxis/validators';
import { useEffect, useState } from 'react';

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/**
 * A live strength meter for a new password, from the same rule the server applies
 * (`assessPassword`); its dictionaries load on the first keystroke, not with the page.
 */
export function PasswordStrength({
  password,
  owner,
  id,
}: {
  password: string;
  owner: Partial<PasswordOwner>;
  id: string;
}) {
  const [assessment, setAssessment] = useState<PasswordAssessment | null>(null);
  const { email = '', firstName, lastName } = owner;
  useEffect(() => {
    if (!password) {
      setAssessment(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void assessPassword(password, { email, firstName, lastName }).then((result) => {
        if (current) setAssessment(result);
      });
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, email, firstName, lastName]);

  if (!assessment) return <p id={id} className="sr-only" aria-live="polite" />;
  const accepted = assessment.problems.length === 0;
  // Length and email are said by the rule under the field and the error on submit: not repeated here.
  const label =
    password.length < PASSWORD_MIN_LENGTH
      ? 'Too short'
      : !accepted && assessment.score >= MIN_PASSWORD_SCORE
        ? 'Not allowed'
        : LABELS[assessment.score];
  const advice = assessment.suggestions[0];
  return (
    <div className="grid gap-1" data-testid="password-strength">
      <div className="flex gap-1" aria-hidden="true">
        {[1, 2, 3, 4].map((step) => (
          <span
            key={step}
            className={`h-1.5 flex-1 rounded-full ${
              step <= assessment.score ? (accepted ? 'bg-green-600' : 'bg-amber-500') : 'bg-muted'
            }`}
          />
        ))}
      </div>
      <p id={id} className="text-muted-foreground text-sm" aria-live="polite">
        Strength: {label}
        {advice ? `. ${advice}` : '.'}
      </p>
    </div>
  );
}

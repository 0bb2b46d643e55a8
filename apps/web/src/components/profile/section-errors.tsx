import { Alert, AlertTitle } from '@praxis/ui';
import type { FieldErrors } from '../../lib/zod-form';
import { fieldLabel } from './profile-values';

/** The summary at the top of a section: how many of its fields need attention, and why. */
export function SectionErrors({ errors, section }: { errors: FieldErrors; section: string }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <Alert variant="destructive">
      <AlertTitle>
        {entries.length === 1 ? '1 problem' : `${entries.length} problems`} in {section}
      </AlertTitle>
      <ul className="mt-2 list-disc pl-5">
        {entries.map(([key, messages]) => (
          <li key={key}>
            {fieldLabel(key)}: {messages.join(' ')}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

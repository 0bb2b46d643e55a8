import { Alert } from '@praxis/ui';
import type { FieldErrors } from '../../lib/zod-form';
import { refusalOf } from '../sign-in/refusal';

/**
 * A failed request whose reason is not beside a field (a rate limit, the network): shown above the
 * form. Errors the server placed on fields are shown there instead.
 */
export function FormError({ error, errors }: { error: unknown; errors: FieldErrors }) {
  if (!error || Object.keys(errors).length > 0) return null;
  return <Alert variant="destructive">{refusalOf(error).message}</Alert>;
}

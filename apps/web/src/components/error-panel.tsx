import { Alert, AlertDescription, AlertTitle, Button } from '@praxis/ui';
import { errorData, errorMessage } from '../lib/errors';

/** A failed call explained, with the request id support can find in the server log. */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { requestId } = errorData(error);
  return (
    <Alert variant="destructive">
      <AlertTitle>Something went wrong</AlertTitle>
      <AlertDescription>
        <p>{errorMessage(error)}</p>
        {requestId ? (
          <p className="mt-2">
            Request id: <code className="font-mono">{requestId}</code>
          </p>
        ) : null}
        {onRetry ? (
          <Button variant="outline" size="sm" className="mt-3" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}

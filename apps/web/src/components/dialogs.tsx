import {
  Alert,
  AlertDescription,
  Button,
  type ButtonProps,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@praxis/ui';
import type { FormEvent, ReactNode } from 'react';
import { errorMessage } from '../lib/errors';

function DialogError({ message }: { message: string }) {
  return (
    <Alert variant="destructive">
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}

/**
 * "Do X to Y?": what happens, the failure if the last try failed, Cancel and the action. The
 * caller runs the mutation (`onConfirm`) and closes the dialog on success.
 */
export function ConfirmDialog({
  title,
  description,
  error,
  confirmLabel,
  variant = 'destructive',
  pending,
  onConfirm,
  onOpenChange,
}: {
  title: ReactNode;
  description: ReactNode;
  /** The last try's failure (shown with `errorMessage`), or null. */
  error: unknown;
  confirmLabel: string;
  variant?: ButtonProps['variant'];
  pending: boolean;
  onConfirm: () => void;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {error ? <DialogError message={errorMessage(error)} /> : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant={variant} disabled={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/**
 * A dialog around one form: title, description, the error no field owns, the fields (children),
 * Cancel and submit. `onSubmit` runs without the browser's own submit (noValidate: the server's
 * field errors show beside the fields).
 */
export function FormDialog({
  open = true,
  title,
  description,
  error,
  submitLabel,
  pending,
  onSubmit,
  onOpenChange,
  children,
}: {
  open?: boolean;
  title: ReactNode;
  description: ReactNode;
  /** The message of a failure no field shows, or null. */
  error: string | null;
  submitLabel: string;
  pending: boolean;
  onSubmit: () => void;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          {error ? <DialogError message={error} /> : null}
          {children}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

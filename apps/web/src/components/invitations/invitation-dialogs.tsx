import {
  Alert,
  AlertDescription,
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  useToast,
} from '@praxis/ui';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { useInvalidate } from '../../lib/use-invalidate';
import { type RouterOutputs, useTRPC } from '../../trpc';

export type Invitation = RouterOutputs['invitations']['list']['items'][number];

/** The confirmation before a revoke: the link stops working at once. */
export function RevokeDialog({
  invitation,
  onOpenChange,
}: {
  invitation: Invitation;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate(trpc.invitations.pathKey());
  const { toast } = useToast();
  const [error, setError] = useState<unknown>(null);
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: () => {
        invalidate();
        toast(`Invitation to ${invitation.email} revoked`);
        onOpenChange(false);
      },
      onError: setError,
    }),
  );
  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Revoke the invitation to {invitation.email}?</DialogTitle>
          <DialogDescription>
            The link in their email stops working at once. You can invite them again later.
          </DialogDescription>
        </DialogHeader>
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>{errorMessage(error)}</AlertDescription>
          </Alert>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate({ id: invitation.id })}
          >
            Revoke
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

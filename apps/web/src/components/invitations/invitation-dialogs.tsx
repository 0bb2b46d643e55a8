import { useToast } from '@praxis/ui';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useInvalidate } from '../../lib/use-invalidate';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { ConfirmDialog } from '../dialogs';

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
    <ConfirmDialog
      title={`Revoke the invitation to ${invitation.email}?`}
      description="The link in their email stops working at once. You can invite them again later."
      error={error}
      confirmLabel="Revoke"
      pending={revoke.isPending}
      onConfirm={() => revoke.mutate({ id: invitation.id })}
      onOpenChange={onOpenChange}
    />
  );
}

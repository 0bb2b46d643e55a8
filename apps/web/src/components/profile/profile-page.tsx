import { Alert, AlertDescription, AlertTitle, Skeleton } from '@praxis/ui';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/errors';
import { useMe } from '../../lib/session';
import { useTRPC } from '../../trpc';
import { ProfileEditor } from './profile-editor';

/** Loads a practice profile (profiles.get) and shows its editor, under the page's own heading. */
export function ProfilePage({
  userId,
  heading,
  back,
  organization,
}: {
  userId: string;
  heading: ReactNode;
  back?: ReactNode;
  organization: { id: string; name: string } | null;
}) {
  const trpc = useTRPC();
  const { data: me } = useMe();
  // The editor takes the profile once, when it mounts: a background refetch never resets edits.
  const profile = useQuery(trpc.profiles.get.queryOptions({ userId }));
  return (
    <div className="grid gap-6">
      {back}
      <h1 className="font-semibold text-2xl">{heading}</h1>
      {profile.error ? (
        <Alert variant="destructive">
          <AlertTitle>This profile could not be shown</AlertTitle>
          <AlertDescription>{errorMessage(profile.error)}</AlertDescription>
        </Alert>
      ) : !profile.data || !me ? (
        <div className="grid gap-4" aria-busy="true">
          <Skeleton className="h-64 w-full" />
          <Skeleton className="h-40 w-full" />
        </div>
      ) : (
        <ProfileEditor
          profile={profile.data}
          actor={{ id: me.id, roles: me.roles, organizationId: me.organizationId }}
          organization={organization}
        />
      )}
    </div>
  );
}

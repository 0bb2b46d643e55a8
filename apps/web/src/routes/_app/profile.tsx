import { createFileRoute, Link } from '@tanstack/react-router';
import { ProfilePage } from '../../components/profile/profile-page';
import { useMe } from '../../lib/session';

export const Route = createFileRoute('/_app/profile')({
  loader: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    void context.queryClient.prefetchQuery(context.trpc.profiles.get.queryOptions({ userId: me.id }));
  },
  component: OwnProfile,
});

/** The signed-in user's own practice profile (everyone may edit their own). */
function OwnProfile() {
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <ProfilePage
      userId={me.id}
      heading="Your practice profile"
      organization={me.organization}
      back={
        <Link to="/account" className="text-muted-foreground text-sm hover:underline">
          ← Account
        </Link>
      }
    />
  );
}

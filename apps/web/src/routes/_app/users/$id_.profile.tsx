import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { ProfilePage } from '../../../components/profile/profile-page';
import { useTRPC } from '../../../trpc';

// `$id_`: a page of its own, not rendered inside the user detail page.
export const Route = createFileRoute('/_app/users/$id_/profile')({
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(context.trpc.profiles.get.queryOptions({ userId: params.id }));
    void context.queryClient.prefetchQuery(context.trpc.users.get.queryOptions({ id: params.id }));
  },
  component: UserProfile,
});

/** Another user's practice profile, for those who may write that user (the server decides). */
function UserProfile() {
  const { id } = Route.useParams();
  const trpc = useTRPC();
  const user = useQuery(trpc.users.get.queryOptions({ id }));
  const name = user.data ? `${user.data.firstName} ${user.data.lastName}`.trim() || user.data.email : null;
  return (
    <ProfilePage
      userId={id}
      heading={name ? `Practice profile: ${name}` : 'Practice profile'}
      organization={user.data?.organization ?? null}
      back={
        <Link to="/users/$id" params={{ id }} className="text-muted-foreground text-sm hover:underline">
          ← {name ?? 'User'}
        </Link>
      }
    />
  );
}

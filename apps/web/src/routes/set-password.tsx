import { createFileRoute } from '@tanstack/react-router';
import { PasswordLinkForm } from '../components/password/password-link-form';
import { PublicPage } from '../components/public-page';
import { tokenSearch } from '../lib/token-search';

export const Route = createFileRoute('/set-password')({
  validateSearch: tokenSearch,
  component: SetPassword,
});

function SetPassword() {
  const { token } = Route.useSearch();
  return (
    <PublicPage title="Set your password" description="Choose the password you will sign in with.">
      <PasswordLinkForm token={token} purpose="set" />
    </PublicPage>
  );
}

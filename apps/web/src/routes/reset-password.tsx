import { createFileRoute } from '@tanstack/react-router';
import { PasswordLinkForm } from '../components/password/password-link-form';
import { PublicPage } from '../components/public-page';
import { tokenSearch } from '../lib/token-search';

export const Route = createFileRoute('/reset-password')({
  validateSearch: tokenSearch,
  component: ResetPassword,
});

function ResetPassword() {
  const { token } = Route.useSearch();
  return (
    <PublicPage title="Choose a new password" description="Your other sessions end when you change it.">
      <PasswordLinkForm token={token} purpose="reset" />
    </PublicPage>
  );
}

export type TokenPage = 'reset-password' | 'set-password' | 'accept-invite' | 'confirm-email';

/** A page of the web app that takes a one-time token, e.g. `${appUrl}/reset-password?token=…`. */
export function tokenLink(appUrl: string, page: TokenPage, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/${page}?token=${encodeURIComponent(token)}`;
}

export { createMailTransport, type MailTransportOptions } from './mail-transport';
export type { MailMessage, RenderedMail, TemplateContext } from './message';
export { renderInvitation } from './templates/invitation';
export { renderPasswordReset } from './templates/password-reset';
export {
  renderBackupCodeUsed,
  renderEmailChanged,
  renderImpersonationStarted,
  renderNewSignIn,
  renderPasswordChanged,
  renderTwoFactorDisabled,
  securityNoticeRenderers,
} from './templates/security-notices';
export { renderSetPassword } from './templates/set-password';
export { renderAccountApproved, renderConfirmEmail, renderRegistrationNotice } from './templates/sign-up';
export { renderTwoFactorCode } from './templates/two-factor-code';
export { MailRejectedError, type MailTransport, type SendOptions } from './transport';

import {
  changePasswordInput,
  confirmEmailInput,
  currentPasswordInput,
  impersonateInput,
  loginInput,
  registerInput,
  requestPasswordResetInput,
  resend2faInput,
  resetPasswordInput,
  revokeSessionInput,
  setEmail2faInput,
  totpConfirmInput,
  verify2faInput,
} from '@praxis/validators';
import { authedProcedure, guardedProcedure, ownerOnlyProcedure, publicProcedure, router } from '../trpc';
import * as account from './auth.account';
import * as impersonation from './auth.impersonation';
import * as signIn from './auth.sign-in';
import * as signUp from './auth.sign-up';
import * as totp from './auth.totp';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => signIn.login(ctx, input)),
  verify2fa: publicProcedure.input(verify2faInput).mutation(({ ctx, input }) => signIn.verify2fa(ctx, input)),
  resend2fa: publicProcedure.input(resend2faInput).mutation(({ ctx, input }) => signIn.resend2fa(ctx, input)),
  logout: authedProcedure.mutation(({ ctx }) => account.logout(ctx)),
  logoutAll: ownerOnlyProcedure.mutation(({ ctx }) => account.logoutAll(ctx)),
  me: authedProcedure.query(({ ctx }) => account.me(ctx)),
  changePassword: ownerOnlyProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => account.changePassword(ctx, input)),
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(({ ctx, input }) => account.requestPasswordReset(ctx, input)),
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => account.resetPassword(ctx, input)),
  setEmail2fa: ownerOnlyProcedure
    .input(setEmail2faInput)
    .mutation(({ ctx, input }) => account.setEmail2fa(ctx, input)),
  acceptLicense: authedProcedure.mutation(({ ctx }) => account.acceptLicense(ctx)),
  sessions: authedProcedure.query(({ ctx }) => account.sessions(ctx)),
  revokeSession: ownerOnlyProcedure
    .input(revokeSessionInput)
    .mutation(({ ctx, input }) => account.revokeSession(ctx, input)),
  register: publicProcedure.input(registerInput).mutation(({ ctx, input }) => signUp.register(ctx, input)),
  confirmEmail: publicProcedure
    .input(confirmEmailInput)
    .mutation(({ ctx, input }) => signUp.confirmEmail(ctx, input)),
  signUpOpen: publicProcedure.query(({ ctx }) => signUp.signUpOpen(ctx)),
  totp: router({
    enroll: ownerOnlyProcedure
      .input(currentPasswordInput)
      .mutation(({ ctx, input }) => totp.enroll(ctx, input)),
    confirm: ownerOnlyProcedure
      .input(totpConfirmInput)
      .mutation(({ ctx, input }) => totp.confirm(ctx, input)),
    disable: ownerOnlyProcedure
      .input(currentPasswordInput)
      .mutation(({ ctx, input }) => totp.disable(ctx, input)),
  }),
  backupCodes: router({
    regenerate: ownerOnlyProcedure
      .input(currentPasswordInput)
      .mutation(({ ctx, input }) => totp.regenerateBackupCodes(ctx, input)),
    remaining: authedProcedure.query(({ ctx }) => totp.remainingBackupCodes(ctx)),
  }),
  impersonate: guardedProcedure('users.impersonate')
    .input(impersonateInput)
    .mutation(({ ctx, input }) => impersonation.impersonate(ctx, input)),
  stopImpersonating: authedProcedure.mutation(({ ctx }) => impersonation.stopImpersonating(ctx)),
});

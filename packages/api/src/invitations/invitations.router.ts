import {
  acceptInvitationInput,
  createInvitationInput,
  invitationIdInput,
  listInvitationsInput,
  lookupInvitationInput,
} from '@praxis/validators';
import { guardedProcedure, publicProcedure, router } from '../trpc';
import * as accept from './invitations.accept';
import * as invitations from './invitations.service';

export const invitationsRouter = router({
  create: guardedProcedure('invitations.write')
    .input(createInvitationInput)
    .mutation(({ ctx, input }) => invitations.createInvitation(ctx, input)),
  list: guardedProcedure('invitations.read')
    .input(listInvitationsInput)
    .query(({ ctx, input }) => invitations.listInvitationsFor(ctx, input)),
  revoke: guardedProcedure('invitations.write')
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => invitations.revokeInvitation(ctx, input.id)),
  resend: guardedProcedure('invitations.write')
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => invitations.resendInvitation(ctx, input.id)),
  lookup: publicProcedure
    .input(lookupInvitationInput)
    .query(({ ctx, input }) => accept.lookupInvitation(ctx, input.token)),
  accept: publicProcedure
    .input(acceptInvitationInput)
    .mutation(({ ctx, input }) => accept.acceptInvitation(ctx, input)),
});

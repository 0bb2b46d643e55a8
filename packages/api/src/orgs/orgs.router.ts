import {
  createOrgInput,
  listOrgsInput,
  orgIdInput,
  orgsByTherapistInput,
  updateOrgInput,
  upsertOrgInput,
} from '@praxis/validators';
import { guardedProcedure, router } from '../trpc';
import * as orgs from './orgs.service';

export const orgsRouter = router({
  create: guardedProcedure('orgs.create')
    .input(createOrgInput)
    .mutation(({ ctx, input }) => orgs.createOrganization(ctx, input)),
  update: guardedProcedure('orgs.update')
    .input(updateOrgInput)
    .mutation(({ ctx, input }) => orgs.updateOrganizationDetails(ctx, input)),
  // Creating through upsert needs orgs.create; the service checks it.
  upsert: guardedProcedure('orgs.update')
    .input(upsertOrgInput)
    .mutation(({ ctx, input }) => orgs.upsertOrganization(ctx, input)),
  get: guardedProcedure('orgs.read')
    .input(orgIdInput)
    .query(({ ctx, input }) => orgs.getOrganization(ctx, input.id)),
  list: guardedProcedure('orgs.read')
    .input(listOrgsInput)
    .query(({ ctx, input }) => orgs.listOrganizationsFor(ctx, input)),
  byTherapist: guardedProcedure('orgs.read')
    .input(orgsByTherapistInput)
    .query(({ ctx, input }) => orgs.organizationsByTherapist(ctx, input.therapistUserId)),
  activate: guardedProcedure('orgs.setActive')
    .input(orgIdInput)
    .mutation(({ ctx, input }) => orgs.changeOrganizationLifecycle(ctx, input.id, 'activate')),
  deactivate: guardedProcedure('orgs.setActive')
    .input(orgIdInput)
    .mutation(({ ctx, input }) => orgs.changeOrganizationLifecycle(ctx, input.id, 'deactivate')),
  archive: guardedProcedure('orgs.archive')
    .input(orgIdInput)
    .mutation(({ ctx, input }) => orgs.changeOrganizationLifecycle(ctx, input.id, 'archive')),
  unarchive: guardedProcedure('orgs.archive')
    .input(orgIdInput)
    .mutation(({ ctx, input }) => orgs.changeOrganizationLifecycle(ctx, input.id, 'unarchive')),
});

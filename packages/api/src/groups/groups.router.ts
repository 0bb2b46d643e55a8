import {
  createGroupInput,
  groupIdInput,
  groupMembersInput,
  listGroupsInput,
  updateGroupInput,
} from '@praxis/validators';
import { guardedProcedure, router } from '../trpc';
import * as groups from './groups.service';

export const groupsRouter = router({
  create: guardedProcedure('groups.write')
    .input(createGroupInput)
    .mutation(({ ctx, input }) => groups.createGroup(ctx, input)),
  update: guardedProcedure('groups.write')
    .input(updateGroupInput)
    .mutation(({ ctx, input }) => groups.updateGroupDetails(ctx, input)),
  delete: guardedProcedure('groups.write')
    .input(groupIdInput)
    .mutation(({ ctx, input }) => groups.deleteGroupById(ctx, input.id)),
  get: guardedProcedure('groups.read')
    .input(groupIdInput)
    .query(({ ctx, input }) => groups.getGroup(ctx, input.id)),
  list: guardedProcedure('groups.read')
    .input(listGroupsInput)
    .query(({ ctx, input }) => groups.listGroupsFor(ctx, input)),
  addMembers: guardedProcedure('groups.write')
    .input(groupMembersInput)
    .mutation(({ ctx, input }) => groups.addGroupMembers(ctx, input)),
  removeMembers: guardedProcedure('groups.write')
    .input(groupMembersInput)
    .mutation(({ ctx, input }) => groups.removeGroupMembers(ctx, input)),
});

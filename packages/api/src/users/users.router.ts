import {
  bulkUsersInput,
  changeRoleInput,
  createUserInput,
  listUsersInput,
  suspendUserInput,
  updateNpiInput,
  updateUserAccessInput,
  updateUserInput,
  userIdInput,
  userShortcutListInput,
} from '@praxis/validators';
import { guardedProcedure, router } from '../trpc';
import { updateUserAccess } from './users.access-update';
import { clearLockout, resetTwoFactor, sendPasswordReset } from './users.account-help';
import { bulkChange } from './users.bulk';
import { changeLifecycle, deleteUser, type LifecycleAction, suspendUser } from './users.lifecycle';
import { filterOptions, listActiveUsers, listArchivedUsers, listUsers } from './users.list.service';
import { demoteUser, promoteUser } from './users.roles';
import { createUser, getUser, updateNpi, updateUser } from './users.service';
import { revokeUserSessions, userSessions } from './users.sessions';

const read = guardedProcedure('users.read');
const write = guardedProcedure('users.write');

const lifecycle = (action: LifecycleAction) =>
  write.input(userIdInput).mutation(({ ctx, input }) => changeLifecycle(ctx, input.id, action));

export const usersRouter = router({
  list: read.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx, input)),
  active: read.input(userShortcutListInput).query(({ ctx, input }) => listActiveUsers(ctx, input)),
  archived: read.input(userShortcutListInput).query(({ ctx, input }) => listArchivedUsers(ctx, input)),
  get: read.input(userIdInput).query(({ ctx, input }) => getUser(ctx, input.id)),
  filterOptions: read.query(({ ctx }) => filterOptions(ctx)),
  create: write.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx, input)),
  update: write.input(updateUserInput).mutation(({ ctx, input }) => updateUser(ctx, input)),
  updateAccess: write.input(updateUserAccessInput).mutation(({ ctx, input }) => updateUserAccess(ctx, input)),
  updateNpi: write.input(updateNpiInput).mutation(({ ctx, input }) => updateNpi(ctx, input)),
  archive: lifecycle('archive'),
  unarchive: lifecycle('unarchive'),
  enable: lifecycle('enable'),
  disable: lifecycle('disable'),
  approve: lifecycle('approve'),
  unsuspend: lifecycle('unsuspend'),
  suspend: write.input(suspendUserInput).mutation(({ ctx, input }) => suspendUser(ctx, input)),
  promote: write.input(changeRoleInput).mutation(({ ctx, input }) => promoteUser(ctx, input)),
  demote: write.input(changeRoleInput).mutation(({ ctx, input }) => demoteUser(ctx, input)),
  delete: guardedProcedure('users.delete')
    .input(userIdInput)
    .mutation(({ ctx, input }) => deleteUser(ctx, input.id)),
  bulk: write.input(bulkUsersInput).mutation(({ ctx, input }) => bulkChange(ctx, input)),
  sessions: write.input(userIdInput).query(({ ctx, input }) => userSessions(ctx, input.id)),
  revokeSessions: write.input(userIdInput).mutation(({ ctx, input }) => revokeUserSessions(ctx, input.id)),
  resetTwoFactor: write.input(userIdInput).mutation(({ ctx, input }) => resetTwoFactor(ctx, input.id)),
  clearLockout: write.input(userIdInput).mutation(({ ctx, input }) => clearLockout(ctx, input.id)),
  sendPasswordReset: write.input(userIdInput).mutation(({ ctx, input }) => sendPasswordReset(ctx, input.id)),
});

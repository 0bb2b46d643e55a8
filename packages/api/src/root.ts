import { auditRouter } from './audit/audit.router';
import { authRouter } from './auth/auth.router';
import { dashboardRouter } from './dashboard/dashboard.router';
import { groupsRouter } from './groups/groups.router';
import { invitationsRouter } from './invitations/invitations.router';
import { orgsRouter } from './orgs/orgs.router';
import { patientsRouter } from './patients/patients.router';
import { profilesRouter } from './profiles/profiles.router';
import { settingsRouter } from './settings/settings.router';
import { router } from './trpc';
import { usersRouter } from './users/users.router';
import { writeUserPage } from './users/users.wire';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  dashboard: dashboardRouter,
  audit: auditRouter,
  orgs: orgsRouter,
  profiles: profilesRouter,
  invitations: invitationsRouter,
  groups: groupsRouter,
  patients: patientsRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;

/**
 * The queries whose answers a template writes (json-transformer's `writeWire`), by path, for the
 * server's single-query path; an answer its template does not know goes the generic way.
 */
export const answerWriters: Readonly<Record<string, (data: unknown) => string | undefined>> = {
  'users.list': writeUserPage,
  'users.active': writeUserPage,
  'users.archived': writeUserPage,
};

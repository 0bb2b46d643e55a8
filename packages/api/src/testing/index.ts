// Test helpers of the API: imported by tests only (`@praxis/api/testing`; `../testing` here).
export { createMatrixActors, MATRIX_ACTORS, type MatrixActorName } from './actors';
export { callerFor, contextFor, randomIp, signedIn } from './callers';
export { errorOf, fieldErrorsOf } from './errors';
export { withIsolatedDatabase } from './isolated-db';
export {
  expectedOutcome,
  expectListedAsContractSays,
  type MatrixCaller,
  type MatrixRule,
  type Outcome,
  outcomeOf,
} from './matrix';
export { withPresence } from './presence';
export {
  type Cell,
  CONTRACT_ACTIONS,
  CONTRACT_COLUMNS,
  CONTRACT_IMPERSONATION,
  CONTRACT_PRIVILEGED_ROLES,
  CONTRACT_TABLE,
  type ContractAction,
  contractAllows,
  contractCell,
  contractMayGrant,
  contractMayImpersonate,
} from './roles-contract';
export { createTestDeps } from './test-deps';
export { auditActionsOn, clientAdminWithMembers, isStillSignedIn } from './users-fixtures';

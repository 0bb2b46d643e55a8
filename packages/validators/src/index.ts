export * from './auth';
export * from './common';
export * from './npi';
export * from './roles';
export * from './users';

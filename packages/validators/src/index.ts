export * from './auth';
export * from './common';
export * from './roles';
export * from './users';
export * from './npi';

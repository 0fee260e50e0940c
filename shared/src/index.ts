export * from './errors';
export * from './roles';
export * from './pagination';
export * from './auth';
export * from './users';
export * from './access-audit';
export * from './system';

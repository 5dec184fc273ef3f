export * from './platform';
export * from './processes';
export * from './test-database';

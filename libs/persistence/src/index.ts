export * from './advisory-lock';
export * from './commit-signals';
export * from './persistence.module';
export * from './setup';
export * from './signalled-loop';

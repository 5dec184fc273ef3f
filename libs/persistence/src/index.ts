export * from './advisory-lock';
export * from './persistence.module';
export * from './setup';

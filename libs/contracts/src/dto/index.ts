export * from './auth.dto';
export * from './ranks.dto';
export * from './validators';

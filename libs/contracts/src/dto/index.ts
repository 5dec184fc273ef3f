export * from './auth.dto';
export * from './identity.dto';
export * from './ranks.dto';
export * from './validators';

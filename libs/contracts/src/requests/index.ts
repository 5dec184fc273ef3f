export * from './actor';
export * from './auth';
export * from './discord';
export * from './guild-sync';
export * from './identity';
export * from './limits';
export * from './requests';

export * from './auth';
export * from './discord';
export * from './envelope';
export * from './guild-sync';
export * from './health';
export * from './identity';
export * from './ranks';

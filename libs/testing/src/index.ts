export * from './blizzard';
export * from './discord';
export * from './events';
export * from './http';
export * from './nats-server';
export * from './platform';
export * from './processes';
export * from './test-database';

export * from './api';
export * from './errors';
export * from './events';
export * from './requests';
export * from './dto';
export * from './rules';
export * from './bus';

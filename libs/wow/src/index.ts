export * from './classes';
export * from './names';

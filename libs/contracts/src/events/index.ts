export * from './campaign-payloads';
export * from './payloads';
export * from './subjects';

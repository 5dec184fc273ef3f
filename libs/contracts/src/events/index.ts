export * from './payloads';
export * from './subjects';

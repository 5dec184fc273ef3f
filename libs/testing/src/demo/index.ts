export * from './demo-guild';
export * from './demo-setup';
export * from './demo-battlenet';

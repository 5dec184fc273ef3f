// The identity service's integrity rules: pure functions over plain data.
export { checkIntegrity, issueHash, DEFAULT_STALE_AFTER_DAYS, type IssueSubjects } from './rules';
export { reconcileIssues, runIntegrity, type IntegrityRun } from './reconcile';
export * from './types';

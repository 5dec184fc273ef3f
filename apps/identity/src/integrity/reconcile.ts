// Turning "what holds now" into issue changes: one open issue per hash, reported once when it
// opens, resolved by itself when a run no longer finds it. Pure: the wiring applies the result
// (insert opened, set resolvedAt on resolved, refresh lastDetectedAt on stillOpen) in one
// transaction with the integrity-reported event, which carries only opened and resolved.
import { checkIntegrity } from './rules';
import type { IntegrityFinding, IntegrityInput, OpenIssueRef, Reconciliation } from './types';

/** Compares the open issues (by hash) with the current findings. */
export function reconcileIssues<I extends OpenIssueRef>(
  open: ReadonlyMap<string, I> | readonly I[],
  findings: readonly IntegrityFinding[],
): Reconciliation<I> {
  const openByHash = new Map<string, I>();
  for (const issue of isArray(open) ? open : open.values()) if (!openByHash.has(issue.hash)) openByHash.set(issue.hash, issue);

  const seen = new Set<string>();
  const opened: IntegrityFinding[] = [];
  const stillOpen: Array<{ issue: I; finding: IntegrityFinding }> = [];
  for (const finding of findings) {
    // One issue per hash even if a caller passes the same finding twice.
    if (seen.has(finding.hash)) continue;
    seen.add(finding.hash);
    const issue = openByHash.get(finding.hash);
    if (issue) stillOpen.push({ issue, finding });
    else opened.push(finding);
  }
  const resolved = [...openByHash.entries()]
    .filter(([hash]) => !seen.has(hash))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, issue]) => issue);
  return { opened, resolved, stillOpen };
}

function isArray<I>(value: ReadonlyMap<string, I> | readonly I[]): value is readonly I[] {
  return Array.isArray(value);
}

export interface IntegrityRun<I extends OpenIssueRef> extends Reconciliation<I> {
  findings: IntegrityFinding[];
  /** The answer of POST /identity/integrity-runs (docs/api.md, "Identity"): open after the run, opened and resolved by it. */
  counts: { open: number; opened: number; resolved: number };
}

/** Checks and reconciles in one call: what POST /identity/integrity-runs needs. */
export function runIntegrity<I extends OpenIssueRef>(
  input: IntegrityInput,
  open: ReadonlyMap<string, I> | readonly I[],
): IntegrityRun<I> {
  const findings = checkIntegrity(input);
  const result = reconcileIssues(open, findings);
  return {
    ...result,
    findings,
    counts: {
      open: result.opened.length + result.stillOpen.length,
      opened: result.opened.length,
      resolved: result.resolved.length,
    },
  };
}

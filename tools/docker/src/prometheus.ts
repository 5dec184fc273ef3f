// deploy/prometheus, checked against the apps (no Prometheus needed): the scrape targets are each
// app's metrics port as Compose runs it, and every metric an alert uses is one the platform
// serves, as docs/operations.md's Metrics section lists them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { resolvedEnvironment } from './checks';
import { Workspace } from './workspace';

export interface PrometheusConfig {
  scrape_configs?: Array<{ job_name?: string; static_configs?: Array<{ targets?: string[] }> }>;
  rule_files?: string[];
}

export interface AlertRule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface AlertRules {
  groups?: Array<{ name?: string; rules?: AlertRule[] }>;
}

export function readYaml<T>(root: string, path: string): T {
  return load(readFileSync(join(root, path), 'utf8')) as T;
}

/** Where each containerised app serves /metrics in Compose: `<service>:<HEALTH_PORT>`, the gateway `gateway:<METRICS_PORT>`. */
export function metricsTargets(ws: Workspace): Record<string, string> {
  const targets: Record<string, string> = {};
  for (const app of ws.apps) {
    const service = ws.compose.services[app.name];
    if (!service) continue;
    const env = resolvedEnvironment(ws, service);
    const port = app.config.isService ? env['HEALTH_PORT'] : env['METRICS_PORT'];
    targets[app.name] = `${app.name}:${port ?? '(unset)'}`;
  }
  return targets;
}

/** Problems with the scrape config: a job per app, scraping exactly that app's metrics port. */
export function checkScrapeTargets(ws: Workspace, config: PrometheusConfig): string[] {
  const expected = metricsTargets(ws);
  const jobs = new Map((config.scrape_configs ?? []).map((job) => [job.job_name ?? '(unnamed)', (job.static_configs ?? []).flatMap((c) => c.targets ?? [])]));
  const problems: string[] = [];
  for (const [app, target] of Object.entries(expected)) {
    const targets = jobs.get(app);
    if (!targets) problems.push(`${app}: no scrape job named ${app}`);
    else if (targets.length !== 1 || targets[0] !== target) problems.push(`${app}: scraped at ${targets.join(', ') || 'nothing'}, but Compose serves its metrics at ${target}`);
  }
  for (const job of jobs.keys()) if (!(job in expected)) problems.push(`${job}: a scrape job for no app`);
  return problems;
}

/** The families docs/operations.md's Metrics section names (every backticked metric name there). */
export function documentedFamilies(operations: string): Set<string> {
  const start = operations.indexOf('### Metrics');
  if (start < 0) return new Set();
  const next = operations.slice(start + 1).search(/\n#{2,3} /);
  const section = next < 0 ? operations.slice(start) : operations.slice(start, start + 1 + next);
  return new Set([...section.matchAll(/`([a-z_:][a-z0-9_:]*_[a-z0-9_:]+)(?:\{[^`]*\})?`/g)].map((m) => m[1] as string));
}

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/** The metric names a PromQL expression reads: what is left without strings, matchers, ranges, label lists, numbers, functions and keywords. */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/(^|[^a-zA-Z0-9_:])\d+(\.\d+)?([eE][-+]?\d+)?/g, '$1 ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match as unknown as [string, string, string | undefined];
    if (call || PROMQL_WORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

/** Problems with the alert rules: each named, with an expression, a duration, a severity and a summary, reading only served metrics. */
export function checkAlertRules(rules: AlertRules, families: Set<string>): string[] {
  const problems: string[] = [];
  const known = new Set([...families, 'up']); // `up` is Prometheus' own, per target
  for (const group of rules.groups ?? []) {
    for (const rule of group.rules ?? []) {
      const name = rule.alert ?? '(unnamed)';
      if (!rule.alert) problems.push(`a rule of ${group.name ?? 'a group'} has no alert name`);
      if (!rule.expr) problems.push(`${name}: no expr`);
      if (!rule.for || !/^\d+[smh]$/.test(rule.for)) problems.push(`${name}: no for (how long before it fires)`);
      if (!['critical', 'warning'].includes(rule.labels?.['severity'] ?? '')) problems.push(`${name}: severity must be critical or warning`);
      if (!rule.annotations?.['summary']) problems.push(`${name}: no summary`);
      for (const metric of metricsIn(rule.expr ?? '')) {
        const family = metric.replace(/_(bucket|sum|count)$/, '');
        if (!known.has(metric) && !known.has(family)) problems.push(`${name}: ${metric} is no metric the platform serves (docs/operations.md, Metrics)`);
      }
    }
  }
  if ((rules.groups ?? []).flatMap((g) => g.rules ?? []).length === 0) problems.push('no alert rules');
  return problems;
}

export interface GrafanaDashboard {
  uid?: string;
  title?: string;
  panels?: Array<{ id?: number; title?: string; type?: string; gridPos?: object; targets?: Array<{ refId?: string; expr?: string }> }>;
}

/** Problems with the Grafana dashboard: each panel titled, placed, with queries that read only served metrics; ids unique. */
export function checkDashboard(dashboard: GrafanaDashboard, families: Set<string>): string[] {
  const problems: string[] = [];
  const known = new Set([...families, 'up']);
  if (!dashboard.uid || !dashboard.title) problems.push('the dashboard needs a uid and a title');
  const ids = new Set<number>();
  for (const panel of dashboard.panels ?? []) {
    const name = panel.title ?? `panel ${panel.id ?? '?'}`;
    if (!panel.title) problems.push(`${name}: no title`);
    if (panel.id === undefined || ids.has(panel.id)) problems.push(`${name}: no id, or one another panel has`);
    else ids.add(panel.id);
    if (!panel.gridPos) problems.push(`${name}: no gridPos`);
    if ((panel.targets ?? []).length === 0) problems.push(`${name}: no queries`);
    for (const target of panel.targets ?? []) {
      if (!target.expr) problems.push(`${name}: a query without expr`);
      for (const metric of metricsIn(target.expr ?? '')) {
        const family = metric.replace(/_(bucket|sum|count)$/, '');
        if (!known.has(metric) && !known.has(family)) problems.push(`${name}: ${metric} is no metric the platform serves (docs/operations.md, Metrics)`);
      }
    }
  }
  if ((dashboard.panels ?? []).length === 0) problems.push('no panels');
  return problems;
}

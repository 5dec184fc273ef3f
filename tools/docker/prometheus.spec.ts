// deploy/prometheus (the scrape config and alert rules), checked against docker-compose.yml and
// the metrics docs/operations.md lists; then on broken copies, to show each check catches its fault.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneCompose } from './src/compose';
import {
  AlertRules,
  checkAlertRules,
  checkDashboard,
  checkScrapeTargets,
  documentedFamilies,
  GrafanaDashboard,
  metricsIn,
  PrometheusConfig,
  readYaml,
} from './src/prometheus';
import { loadWorkspace, ROOT, Workspace } from './src/workspace';

jest.setTimeout(60_000);

let ws: Workspace;
let config: PrometheusConfig;
let rules: AlertRules;
let families: Set<string>;
let dashboard: GrafanaDashboard;
beforeAll(async () => {
  dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/patt-platform.json'), 'utf8')) as GrafanaDashboard;
  ws = await loadWorkspace();
  config = readYaml<PrometheusConfig>(ROOT, 'deploy/prometheus/prometheus.yml');
  rules = readYaml<AlertRules>(ROOT, 'deploy/prometheus/alerts.yml');
  families = documentedFamilies(readFileSync(join(ROOT, 'docs/operations.md'), 'utf8'));
});

describe('deploy/prometheus as it is', () => {
  it('scrapes every app at the port Compose serves its metrics on, and loads the alert rules', () => {
    expect(checkScrapeTargets(ws, config)).toEqual([]);
    expect(config.rule_files).toEqual(['alerts.yml']);
  });

  it('alerts only on metrics the platform serves, each rule complete', () => {
    expect([...families]).toEqual(expect.arrayContaining(['messaging_consumer_pending_events', 'http_server_request_duration_seconds', 'process_cpu_seconds_total']));
    expect(checkAlertRules(rules, families)).toEqual([]);
  });
});

describe('deploy/grafana/patt-platform.json', () => {
  it('is a dashboard whose every query reads metrics the platform serves', () => {
    expect(checkDashboard(dashboard, families)).toEqual([]);
  });

  it('shows what the alerts are about: lag, dead letters, the outbox, Blizzard, the gateway, sync and matching runs, ballots; and Discord, dead-letter repairs', () => {
    const read = new Set((dashboard.panels ?? []).flatMap((panel) => (panel.targets ?? []).flatMap((t) => metricsIn(t.expr ?? ''))));
    for (const metric of [
      'messaging_consumer_pending_events',
      'messaging_dead_letters_open',
      'messaging_outbox_oldest_unpublished_age_seconds',
      'blizzard_api_failures_total',
      'discord_api_requests_total',
      'http_server_request_duration_seconds_bucket',
      'patt_sync_runs_total',
      'patt_sync_run_duration_seconds_bucket',
      'patt_matching_runs_total',
      'patt_matching_run_duration_seconds_bucket',
      'patt_ballots_total',
      'messaging_dead_letter_replays_total',
      'messaging_dead_letters_discarded_total',
      'up',
    ]) {
      expect({ metric, shown: read.has(metric) }).toEqual({ metric, shown: true });
    }
  });

  it('fails on a panel reading a metric nobody serves, or without its parts', () => {
    const broken: GrafanaDashboard = {
      uid: 'x',
      title: 'x',
      panels: [
        { id: 1, title: 'Made up', gridPos: {}, targets: [{ refId: 'A', expr: 'rate(discord_made_up_total[5m])' }] },
        { id: 1, title: 'Empty' },
      ],
    };
    expect(checkDashboard(broken, families)).toEqual([
      'Made up: discord_made_up_total is no metric the platform serves (docs/operations.md, Metrics)',
      'Empty: no id, or one another panel has',
      'Empty: no gridPos',
      'Empty: no queries',
    ]);
  });
});

describe('reading PromQL', () => {
  it('finds the metrics of an expression, not its functions, labels, ranges or numbers', () => {
    expect(metricsIn('max by (job, consumer) (messaging_consumer_pending_events) > 1e3')).toEqual(['messaging_consumer_pending_events']);
    expect(
      metricsIn('sum(rate(http_server_request_duration_seconds_count{status_code=~"5..", route!="x y"}[5m])) / on (job) sum(rate(up[1h])) > 0.05 and other_metric'),
    ).toEqual(['http_server_request_duration_seconds_count', 'up', 'other_metric']);
  });
});

describe('each check fails on a broken copy', () => {
  it('a scrape job at the wrong port, one missing, one for no app', () => {
    const broken: PrometheusConfig = {
      scrape_configs: [
        ...(config.scrape_configs ?? []).filter((job) => job.job_name !== 'campaigns' && job.job_name !== 'gateway'),
        { job_name: 'gateway', static_configs: [{ targets: ['gateway:3000'] }] },
        { job_name: 'raids', static_configs: [{ targets: ['raids:3106'] }] },
      ],
    };
    expect(checkScrapeTargets(ws, broken).sort()).toEqual([
      'campaigns: no scrape job named campaigns',
      'gateway: scraped at gateway:3000, but Compose serves its metrics at gateway:9464',
      'raids: a scrape job for no app',
    ]);
  });

  it('a Compose file whose gateway serves metrics elsewhere', () => {
    const compose = cloneCompose(ws.compose);
    const gateway = compose.services['gateway'];
    if (!gateway) throw new Error('no gateway service');
    gateway.environment['METRICS_PORT'] = '9999';
    expect(checkScrapeTargets({ ...ws, compose }, config)).toEqual(['gateway: scraped at gateway:9464, but Compose serves its metrics at gateway:9999']);
  });

  it('a rule on a metric nobody serves, and one missing its parts', () => {
    const broken: AlertRules = {
      groups: [
        {
          name: 'patt',
          rules: [
            { alert: 'Made up', expr: 'rate(blizzard_made_up_total[5m]) > 0', for: '5m', labels: { severity: 'warning' }, annotations: { summary: 's' } },
            { alert: 'Bare', expr: 'up == 0' },
          ],
        },
      ],
    };
    expect(checkAlertRules(broken, families)).toEqual([
      'Made up: blizzard_made_up_total is no metric the platform serves (docs/operations.md, Metrics)',
      'Bare: no for (how long before it fires)',
      'Bare: severity must be critical or warning',
      'Bare: no summary',
    ]);
  });
});

import { parsePrometheusText } from './prometheus';

describe('parsePrometheusText', () => {
  it('reads families, their samples and labels (escapes included)', () => {
    const families = parsePrometheusText(
      [
        '# HELP http_requests_total Requests answered.',
        '# TYPE http_requests_total counter',
        'http_requests_total{route="/api/v1/members/:id",status="200"} 3',
        'http_requests_total{route="a \\"quoted\\" \\\\ one\\n",status="404",} 1e3',
        '# TYPE request_seconds histogram',
        'request_seconds_bucket{le="0.1"} 1',
        'request_seconds_bucket{le="+Inf"} 2',
        'request_seconds_sum 0.35',
        'request_seconds_count 2',
        '# a comment',
        '# TYPE up gauge',
        'up NaN 1700000000000',
        '',
      ].join('\n'),
    );
    expect([...families.keys()]).toEqual(['http_requests_total', 'request_seconds', 'up']);
    expect(families.get('http_requests_total')).toEqual({
      name: 'http_requests_total',
      type: 'counter',
      help: 'Requests answered.',
      samples: [
        { name: 'http_requests_total', labels: { route: '/api/v1/members/:id', status: '200' }, value: 3 },
        { name: 'http_requests_total', labels: { route: 'a "quoted" \\ one\n', status: '404' }, value: 1000 },
      ],
    });
    expect(families.get('request_seconds')?.samples.map((s) => s.name)).toEqual([
      'request_seconds_bucket',
      'request_seconds_bucket',
      'request_seconds_sum',
      'request_seconds_count',
    ]);
    expect(families.get('up')?.samples[0]?.value).toBeNaN();
  });

  it.each([
    ['a sample of no declared family', 'orphan 1'],
    ['not a sample value', '# TYPE a gauge\na one'],
    ['not a metric type', '# TYPE a meter'],
    ['a second TYPE for one family', '# TYPE a gauge\n# TYPE a gauge'],
    ['an unterminated label value', '# TYPE a gauge\na{x="y} 1'],
    ['a bad escape in a label value', '# TYPE a gauge\na{x="\\t"} 1'],
    ['label x twice', '# TYPE a gauge\na{x="1",x="2"} 1'],
    ['not a label name', '# TYPE a gauge\na{1x="1"} 1'],
    ['a sample of no declared family', '# TYPE h histogram\nh 1'],
    ['le="+Inf"', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1'],
    ['has HELP but no TYPE', '# HELP a something'],
  ])('refuses %s', (why, text) => {
    expect(() => parsePrometheusText(text)).toThrow(why);
  });
});

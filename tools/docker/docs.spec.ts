// The documentation that ships with the code: a clone has everything its files point at. The
// checks live in src/docs.ts; here they run on the repository, then on made-up files to show that
// each one catches what it is for.
import { Events } from '@patt/contracts';
import {
  anchorsOf,
  brokenLinks,
  documentedEvents,
  eventsInCode,
  forbiddenMentions,
  headingAnchor,
  linkTargets,
  missingDocMentions,
  repositoryFiles,
  type RepoFiles,
} from './src/docs';
import { ROOT } from './src/workspace';

const DOCS = ['architecture.md', 'events.md', 'api.md', 'operations.md'].map((name) => `docs/${name}`);

describe('the repository’s documentation', () => {
  const files = repositoryFiles(ROOT);
  const markdown = [...files.keys()].filter((path) => path.endsWith('.md'));

  it('reads the files a clone has, and not what is built or installed', () => {
    expect(files.has('README.md')).toBe(true);
    expect(files.has('package.json')).toBe(true);
    expect([...files.keys()].filter((path) => /(^|\/)(node_modules|dist)\//.test(path))).toEqual([]);
  });

  it('has its own docs/: architecture, events, api, operations, each linked from the README', () => {
    for (const doc of DOCS) expect(files.has(doc)).toBe(true);
    const readmeLinks = linkTargets(files.get('README.md') ?? '').map((link) => link.target.split('#')[0]);
    for (const doc of DOCS) expect(readmeLinks).toContain(doc);
  });

  it('names no document outside the repository, in any file', () => {
    expect(forbiddenMentions(files)).toEqual([]);
  });

  it('resolves every relative link of the README, docs/ and every other markdown file', () => {
    expect(markdown).toEqual(expect.arrayContaining(['README.md', ...DOCS]));
    expect(brokenLinks(files, markdown)).toEqual([]);
  });

  it('names only docs/ files that exist, in comments and text alike', () => {
    expect(missingDocMentions(files)).toEqual([]);
  });

  it('lists every event subject in docs/events.md, each with exactly the services that publish and consume it', () => {
    const services = [...new Set([...files.keys()].flatMap((path) => /^apps\/([^/]+)\//.exec(path)?.[1] ?? []))];
    const documented = documentedEvents(files.get('docs/events.md') ?? '', services);
    const inCode = eventsInCode(files, Events);
    expect([...documented.keys()].sort()).toEqual(Object.values(Events).sort());
    const asLists = (pick: (subject: string) => Set<string> | undefined) =>
      Object.fromEntries(Object.values(Events).map((subject) => [subject, [...(pick(subject) ?? [])].sort()]));
    expect(asLists((subject) => documented.get(subject)?.publishers)).toEqual(asLists((subject) => inCode.publishers.get(subject)));
    expect(asLists((subject) => documented.get(subject)?.consumers)).toEqual(asLists((subject) => inCode.consumers.get(subject)));
  });
});

describe('the checks catch what they are for', () => {
  const sibling = ['..', 'shared', 'API' + '.md'].join('/');
  const repo = (entries: Record<string, string>): RepoFiles => new Map(Object.entries(entries));

  it('finds a mention of the sibling folder, of the reference’s file names, and of its path', () => {
    const problems = forbiddenMentions(
      repo({
        'a.ts': `// see ${sibling}\nconst x = 1;`,
        'b.md': 'Read DESIGN' + '.md first.',
        'c.yml': `# ${'/work/' + 'shared'}/notes`,
        'd.md': 'The API is in [docs/api.md](docs/api.md); shared code in ../shared-lib is fine.',
      }),
    );
    expect(problems).toEqual([`a.ts:1: // see ${sibling}`, 'b.md:1: Read DESIGN' + '.md first.', `c.yml:1: # ${'/work/' + 'shared'}/notes`]);
  });

  it('makes GitHub’s anchors of headings, repeated ones numbered', () => {
    expect(headingAnchor('From a Blizzard sync to a Discord role')).toBe('from-a-blizzard-sync-to-a-discord-role');
    expect(headingAnchor('Ranks, members, characters')).toBe('ranks-members-characters');
    expect(headingAnchor('`roster-synced` (parts)')).toBe('roster-synced-parts');
    expect([...anchorsOf('# Top\n## Tests\n```\n## not a heading\n```\n### Tests\n')]).toEqual(['top', 'tests', 'tests-1']);
  });

  it('finds links to missing files, missing sections and outside the repository; skips code and URLs', () => {
    const files = repo({
      'README.md': [
        '[ok](guide/a.md) [section](guide/a.md#the-part) [folder](apps/x) [image](guide/pic.png)',
        '[gone](guide/missing.md) [bad section](guide/a.md#nowhere) [out](../elsewhere/README.md)',
        '[web](https://example.com/x.md) `[code](not/checked.md)` [here](#readme)',
        '<img src="guide/nope.png" alt="">',
        '```',
        '[example](also/not/checked.md)',
        '```',
        '# Readme',
      ].join('\n'),
      'guide/a.md': '# A\n## The part\n[back](../README.md#readme)',
      'guide/pic.png': '',
      'apps/x/main.ts': '',
    });
    expect(brokenLinks(files, ['README.md', 'guide/a.md'])).toEqual([
      'README.md:2: guide/missing.md (no such file in the repository)',
      'README.md:2: guide/a.md#nowhere (no heading makes #nowhere in guide/a.md)',
      'README.md:2: ../elsewhere/README.md (leaves the repository)',
      'README.md:4: guide/nope.png (no such file in the repository)',
    ]);
  });

  it('reads who publishes and consumes each subject from the events table and from the code, specs aside', () => {
    const table = [
      '| subject | publisher | consumers | payload |',
      '|---|---|---|---|',
      '| `patt.a.one` | auth, when it happens | identity (projection), discord-bot | `One` |',
      '| `patt.a.two` | auth | – | `Two` |',
    ].join('\n');
    expect(documentedEvents(table, ['auth', 'identity', 'discord-bot'])).toEqual(
      new Map([
        ['patt.a.one', { publishers: new Set(['auth']), consumers: new Set(['identity', 'discord-bot']) }],
        ['patt.a.two', { publishers: new Set(['auth']), consumers: new Set() }],
      ]),
    );
    const code = repo({
      'apps/identity/src/x/one.handler.ts': '@OnEvent(Events.One)\nasync onOne() {}',
      'apps/auth/src/y/one.handler.ts': '@OnEvent( Events.One )',
      'apps/auth/src/y/two.handler.spec.ts': '@OnEvent(Events.Two)',
      'apps/auth/src/y/maker.ts': 'await this.events.emit(manager, Events.One, {});\nawait this.events.emitParts(\n  manager,\n  Events.Two,\n  parts,\n);',
      'apps/identity/src/y/maker.spec.ts': 'await events.emit(manager, Events.Two, {});',
    });
    expect(eventsInCode(code, { One: 'patt.a.one', Two: 'patt.a.two' })).toEqual({
      publishers: new Map([['patt.a.one', new Set(['auth'])], ['patt.a.two', new Set(['auth'])]]),
      consumers: new Map([['patt.a.one', new Set(['identity', 'auth'])]]),
    });
    expect(() => eventsInCode(repo({ 'apps/auth/src/z.ts': '@OnEvent(Events.Nope)' }), {})).toThrow('names no subject');
  });

  it('finds a comment naming a docs/ file that does not exist', () => {
    // Spelt in parts, so that this file names no missing docs/ file itself.
    const missing = ['docs', 'apy.md'].join('/');
    const files = repo({
      'docs/api.md': '# API',
      'a.ts': `// see docs/api.md, "Auth"\n// and ${missing}`,
      'b.md': `[x](../../${missing}) apps/web/${missing}`,
    });
    expect(missingDocMentions(files)).toEqual([`a.ts:2: ${missing}`]);
  });
});

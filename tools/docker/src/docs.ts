// The repository's own documentation, checked: no file points at documents a clone does not have
// (the team's reference outside the repository), every relative link of the markdown resolves to a
// file of the repository (and its #section to a heading there), and every docs/<name>.md a comment
// names exists. Pure functions of the files' text, so the spec can break copies and watch them fail.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Path (relative to the root, with `/`) → text, of every file the checks read. */
export type RepoFiles = ReadonlyMap<string, string>;

// Built from parts, so that this file does not hold what it looks for.
const OUTSIDE_DOCS = ['API', 'DESIGN', 'STYLE'].map((name) => `${name}\\.md`);
/**
 * Mentions of documents that live outside the repository: the sibling folder named shared (as a
 * relative path), the reference's upper-case file names (the repository's own docs are lower-case:
 * docs/api.md), and the reference's absolute path.
 */
export const FORBIDDEN_MENTION = new RegExp(
  ['\\.\\./' + 'shared(?![\\w-])', `\\b(?:${OUTSIDE_DOCS.join('|')})\\b`, '/work/' + 'shared(?![\\w-])'].join('|'),
);

/** Folders whose files are built or installed, never written: not checked. */
const GENERATED = /(^|\/)(node_modules|dist|\.nx|coverage)\//;

/** Files whose text is not read (images, fonts, archives). */
const BINARY = /\.(png|jpe?g|gif|webp|ico|woff2?|ttf|otf|gz|br|zip|tgz|pdf)$/i;

/** Tracked files, and new ones git does not ignore, with their text: what a clone (or the next commit) holds. */
export function repositoryFiles(root: string): Map<string, string> {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files = new Map<string, string>();
  for (const path of listed.split('\0')) {
    if (path === '' || GENERATED.test(path) || !existsSync(join(root, path))) continue;
    files.set(path, BINARY.test(path) ? '' : readFileSync(join(root, path), 'utf8'));
  }
  return files;
}

/** `path:line: text` of every line that mentions a document outside the repository. */
export function forbiddenMentions(files: RepoFiles): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    text.split('\n').forEach((line, index) => {
      if (FORBIDDEN_MENTION.test(line)) problems.push(`${path}:${index + 1}: ${line.trim()}`);
    });
  }
  return problems;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a markdown file's headings make (a repeated heading gets -1, -2 …). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = headingAnchor(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The markdown with fenced blocks and inline code blanked (line numbers kept): links there are examples. */
function withoutCode(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));
}

/** The targets of a markdown file's links and images: `[t](x)`, `![a](x)`, `[t]: x`, `<img src="x">`. */
export function linkTargets(markdown: string): Array<{ line: number; target: string }> {
  const found: Array<{ line: number; target: string }> = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((line, index) => {
      const patterns = [/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g, /<img\b[^>]*\bsrc="([^"]+)"/g];
      for (const pattern of patterns) for (const match of line.matchAll(pattern)) found.push({ line: index + 1, target: match[1] as string });
    });
  return found;
}

/** A link to somewhere else than this repository: a scheme (https:, mailto:) or a protocol-relative URL. */
const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * `path:line: target (why)` of every relative link in `markdownPaths` that does not resolve: to a
 * file of `files` (or a folder holding some), and for a `#section` of a markdown file, to one of
 * its headings.
 */
export function brokenLinks(files: RepoFiles, markdownPaths: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const path of files.keys()) for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) folders.add(dir);
  const problems: string[] = [];
  for (const path of markdownPaths) {
    const text = files.get(path);
    if (text === undefined) {
      problems.push(`${path}: no such file`);
      continue;
    }
    for (const { line, target } of linkTargets(text)) {
      if (EXTERNAL.test(target)) continue;
      const [rawPath = '', fragment] = target.split('#', 2);
      const linkPath = decodeURIComponent(rawPath.split('?')[0] as string);
      const resolved = linkPath === '' ? path : posix.normalize(posix.join(posix.dirname(path), linkPath)).replace(/\/$/, '');
      const where = `${path}:${line}: ${target}`;
      if (resolved.startsWith('..') || linkPath.startsWith('/')) {
        problems.push(`${where} (leaves the repository)`);
        continue;
      }
      const isFile = files.has(resolved);
      if (!isFile && !folders.has(resolved)) {
        problems.push(`${where} (no such file in the repository)`);
        continue;
      }
      if (fragment && isFile && resolved.endsWith('.md') && !anchorsOf(files.get(resolved) as string).has(fragment)) {
        problems.push(`${where} (no heading makes #${fragment} in ${resolved})`);
      }
    }
  }
  return problems;
}

/** `path:line: docs/<name>.md` of every mention of a root docs/ file that does not exist. */
export function missingDocMentions(files: RepoFiles): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    text.split('\n').forEach((line, index) => {
      for (const match of line.matchAll(/(?<![\w/.-])docs\/([\w.-]+\.md)\b/g)) {
        const named = `docs/${match[1]}`;
        if (!files.has(named)) problems.push(`${path}:${index + 1}: ${named}`);
      }
    });
  }
  return problems;
}

export interface DocumentedEvent {
  /** The services the publisher column names. */
  publishers: Set<string>;
  /** The services the consumers column names. */
  consumers: Set<string>;
}

/** The subjects table of docs/events.md: each subject with the services its publisher and consumers columns name. */
export function documentedEvents(markdown: string, services: readonly string[]): Map<string, DocumentedEvent> {
  const table = new Map<string, DocumentedEvent>();
  const named = (cell: string | undefined) => new Set((cell ?? '').split(/[^a-z-]+/).filter((word) => services.includes(word)));
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const subject = /^`([a-z0-9.-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!subject || cells.length < 5) continue;
    // The publisher column is `service, when …`: only what comes before the first comma names services.
    table.set(subject, { publishers: named(cells[2]?.split(',')[0]), consumers: named(cells[3]) });
  }
  return table;
}

/** What the code says of each subject: the services that emit it, and those that consume it. */
export interface EventsInCode {
  publishers: Map<string, Set<string>>;
  consumers: Map<string, Set<string>>;
}

/**
 * The services that publish and consume each subject, read from the code: `emit(manager,
 * Events.X` or `emitParts(manager, Events.X` and `@OnEvent(Events.X)` in the source files of
 * apps/<service>/src (specs aside), X looked up in the contract's `Events`.
 */
export function eventsInCode(files: RepoFiles, events: Readonly<Record<string, string>>): EventsInCode {
  const found: EventsInCode = { publishers: new Map(), consumers: new Map() };
  const note = (table: Map<string, Set<string>>, path: string, key: string, service: string) => {
    const subject = events[key];
    if (subject === undefined) throw new Error(`${path}: Events.${key} names no subject of the contract`);
    table.set(subject, (table.get(subject) ?? new Set()).add(service));
  };
  for (const [path, text] of files) {
    const service = /^apps\/([^/]+)\/src\/.+(?<!\.spec)\.ts$/.exec(path)?.[1];
    if (!service) continue;
    for (const match of text.matchAll(/@OnEvent\(\s*Events\.(\w+)\s*\)/g)) note(found.consumers, path, match[1] as string, service);
    for (const match of text.matchAll(/\.emit(?:Parts)?\(\s*\w+,\s*Events\.(\w+)\b/g)) note(found.publishers, path, match[1] as string, service);
  }
  return found;
}

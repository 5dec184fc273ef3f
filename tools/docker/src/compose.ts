// docker-compose.yml as typed data, and Compose's variable interpolation (`${VAR:?err}`,
// `${VAR:-default}`, `$$`), enough of both for the checks in checks.ts. Shapes this reader does
// not know are errors rather than silently ignored: a check that cannot see a field passes nothing.
import { load } from 'js-yaml';

export interface ComposeHealthcheck {
  /** Normalised to the array form: ['CMD', ...] or ['CMD-SHELL', '<script>']; [] when disabled. */
  test: string[];
  disable: boolean;
}

export interface ComposeService {
  name: string;
  image?: string;
  build?: { context: string; dockerfile: string; args: Record<string, string> };
  command?: string[];
  /** The values as written, `${…}` references not substituted. */
  environment: Record<string, string>;
  healthcheck?: ComposeHealthcheck;
  /** Service name -> condition (the short list form means service_started). */
  dependsOn: Record<string, string>;
  restart?: string;
  ports: string[];
  volumes: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`${where} must be a mapping`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${where} must be a scalar`);
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${where} must be a list`);
  return value.map((item, i) => (isRecord(item) ? JSON.stringify(item) : text(item, `${where}[${i}]`)));
}

/** Compose allows `KEY: value` and `- KEY=value`; a merge key (`<<`) would be a key here. */
function environment(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry, i) => {
        const line = text(entry, `${where}[${i}]`);
        const eq = line.indexOf('=');
        return eq < 0 ? [line, ''] : [line.slice(0, eq), line.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(record(value, where)).map(([key, v]) => [key, v === null ? '' : text(v, `${where}.${key}`)]),
  );
}

function healthcheck(value: unknown, where: string): ComposeHealthcheck | undefined {
  if (value === undefined) return undefined;
  const raw = record(value, where);
  if (raw['disable'] === true) return { test: [], disable: true };
  const test = raw['test'];
  if (typeof test === 'string') return { test: ['CMD-SHELL', test], disable: false };
  const list = strings(test, `${where}.test`);
  return { test: list, disable: list[0] === 'NONE' };
}

function dependsOn(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) return Object.fromEntries(strings(value, where).map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(record(value, where)).map(([name, spec]) => [
      name,
      spec === null ? 'service_started' : text(record(spec, `${where}.${name}`)['condition'] ?? 'service_started', `${where}.${name}.condition`),
    ]),
  );
}

function build(value: unknown, where: string): ComposeService['build'] {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { context: value, dockerfile: 'Dockerfile', args: {} };
  const raw = record(value, where);
  const args = raw['args'] === undefined ? {} : record(raw['args'], `${where}.args`);
  return {
    context: text(raw['context'] ?? '.', `${where}.context`),
    dockerfile: text(raw['dockerfile'] ?? 'Dockerfile', `${where}.dockerfile`),
    args: Object.fromEntries(Object.entries(args).map(([name, arg]) => [name, text(arg, `${where}.args.${name}`)])),
  };
}

function command(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  // The string form is split by Compose as a shell would; plain words are enough here.
  if (typeof value === 'string') return value.trim().split(/\s+/);
  return strings(value, where);
}

/** Parses a Compose file's text. Throws on YAML errors and on shapes this reader does not know. */
export function parseCompose(source: string): ComposeFile {
  const root = record(load(source), 'the compose file');
  const services: Record<string, ComposeService> = {};
  for (const [name, rawService] of Object.entries(record(root['services'], 'services'))) {
    const where = `services.${name}`;
    const raw = record(rawService, where);
    const image = raw['image'];
    const restart = raw['restart'];
    services[name] = {
      name,
      image: image === undefined ? undefined : text(image, `${where}.image`),
      build: build(raw['build'], `${where}.build`),
      command: command(raw['command'], `${where}.command`),
      environment: environment(raw['environment'], `${where}.environment`),
      healthcheck: healthcheck(raw['healthcheck'], `${where}.healthcheck`),
      dependsOn: dependsOn(raw['depends_on'], `${where}.depends_on`),
      restart: restart === undefined ? undefined : text(restart, `${where}.restart`),
      ports: strings(raw['ports'], `${where}.ports`),
      volumes: strings(raw['volumes'], `${where}.volumes`),
    };
  }
  const volumes = root['volumes'] === undefined ? [] : Object.keys(record(root['volumes'], 'volumes'));
  return { services, volumes };
}

/** A deep copy, for tests that break a copy of the real file to see a check fail. */
export function cloneCompose(compose: ComposeFile): ComposeFile {
  return structuredClone(compose);
}

// --- interpolation ------------------------------------------------------------------------------

export type InterpolationOperator = '' | ':-' | '-' | ':?' | '?' | ':+' | '+';

/** One `${NAME<op><argument>}` or `$NAME` in a value. */
export interface Reference {
  name: string;
  operator: InterpolationOperator;
  /** The default, error message or replacement; may itself hold references. */
  argument: string;
  /** The reference as written, `${` to `}`. */
  raw: string;
  start: number;
  end: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS: InterpolationOperator[] = [':-', ':?', ':+', '-', '?', '+'];

/** The references in a value, in order (not those nested in another's argument); `$$` is a `$`. */
export function references(value: string): Reference[] {
  const found: Reference[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] !== '$') {
      i++;
      continue;
    }
    if (value[i + 1] === '$') {
      i += 2;
      continue;
    }
    if (value[i + 1] === '{') {
      // Find the matching brace: arguments may nest further references.
      let depth = 1;
      let j = i + 2;
      while (j < value.length && depth > 0) {
        if (value[j] === '{') depth++;
        else if (value[j] === '}') depth--;
        j++;
      }
      if (depth !== 0) throw new Error(`unclosed \${ in "${value}"`);
      const body = value.slice(i + 2, j - 1);
      const name = NAME.exec(body)?.[0];
      if (!name) throw new Error(`bad reference \${${body}} in "${value}"`);
      const rest = body.slice(name.length);
      const operator = rest === '' ? '' : OPERATORS.find((op) => rest.startsWith(op));
      if (operator === undefined) throw new Error(`unknown operator in \${${body}}`);
      found.push({ name, operator, argument: rest.slice(operator.length), raw: value.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const name = NAME.exec(value.slice(i + 1))?.[0];
    if (name) {
      found.push({ name, operator: '', argument: '', raw: `$${name}`, start: i, end: i + 1 + name.length });
      i += 1 + name.length;
    } else i++;
  }
  return found;
}

/** Every reference in a value, those nested in arguments too. */
export function allReferences(value: string): Reference[] {
  return references(value).flatMap((ref) => [ref, ...allReferences(ref.argument)]);
}

/** The value when every reference is the whole of it, e.g. `${JWT_SECRET:?…}`; else undefined. */
export function soleReference(value: string): Reference | undefined {
  const refs = references(value);
  return refs.length === 1 && refs[0]!.start === 0 && refs[0]!.end === value.length ? refs[0] : undefined;
}

/**
 * Substitutes references as Compose would, with `host` standing for the operator's environment
 * (undefined = unset). A `?` reference whose variable is unset or empty throws, as Compose does.
 */
export function interpolate(value: string, host: (name: string) => string | undefined): string {
  let out = '';
  let last = 0;
  for (const ref of references(value)) {
    out += value.slice(last, ref.start).replace(/\$\$/g, '$');
    last = ref.end;
    const current = host(ref.name);
    const set = current !== undefined;
    const nonEmpty = set && current !== '';
    switch (ref.operator) {
      case '':
        out += current ?? '';
        break;
      case ':-':
        out += nonEmpty ? current : interpolate(ref.argument, host);
        break;
      case '-':
        out += set ? current : interpolate(ref.argument, host);
        break;
      case ':?':
      case '?':
        if (ref.operator === ':?' ? !nonEmpty : !set) throw new Error(`required variable ${ref.name} is missing: ${ref.argument}`);
        out += current;
        break;
      case ':+':
        out += nonEmpty ? interpolate(ref.argument, host) : '';
        break;
      case '+':
        out += set ? interpolate(ref.argument, host) : '';
        break;
    }
  }
  return out + value.slice(last).replace(/\$\$/g, '$');
}

// A Dockerfile as stages of instructions: line continuations joined, comments dropped, JSON
// (exec) forms decoded. Enough of the format for checks.ts; not a full BuildKit front end.

export interface Instruction {
  /** Upper-cased: FROM, RUN, COPY, ENV, CMD, HEALTHCHECK, … */
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
  /** 1-based line of the keyword, for messages. */
  line: number;
}

export interface Stage {
  /** The image or stage it starts from, as written (`${NODE_IMAGE}`, `base`). */
  from: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults (usable in FROM lines). */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Splits the text into instructions. */
export function instructions(source: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: { text: string; line: number } | null = null;
  source.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comments (and parser directives) are whole lines; inside a continuation they are skipped too.
    if (trimmed.startsWith('#')) return;
    if (pending === null && trimmed === '') return;
    const continued = /\\\s*$/.test(raw);
    const body = continued ? raw.replace(/\\\s*$/, '') : raw;
    pending = pending === null ? { text: body.trim(), line: index + 1 } : { ...pending, text: `${pending.text} ${body.trim()}` };
    if (!continued) {
      const match = /^(\S+)\s*([\s\S]*)$/.exec(pending.text);
      if (match) result.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
      pending = null;
    }
  });
  return result;
}

export function parseDockerfile(source: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions(source)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ from: words[0] ?? '', name: as >= 0 ? words[as + 1] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') Object.assign(globalArgs, keyValues(instruction.args));
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** The JSON array of an exec-form CMD, ENTRYPOINT or HEALTHCHECK CMD; undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** `ENV A=1 B="two words"` / `ARG X=y` (and the legacy `ENV A value`) as a record. */
export function keyValues(args: string): Record<string, string> {
  const pairs = args.match(/[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|'[^']*'|\S*)/g);
  if (pairs) {
    return Object.fromEntries(pairs.map((pair) => {
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), unquote(pair.slice(eq + 1))];
    }));
  }
  const legacy = /^(\S+)(?:\s+([\s\S]*))?$/.exec(args);
  return legacy ? { [legacy[1]!]: unquote((legacy[2] ?? '').trim()) } : {};
}

/** HEALTHCHECK's options and command; `NONE` gives an empty command. */
export function healthcheck(args: string): { options: Record<string, string>; command: string[] | undefined } {
  if (args.trim().toUpperCase() === 'NONE') return { options: {}, command: [] };
  const options: Record<string, string> = {};
  let rest = args;
  for (let m = /^--([a-z-]+)=(\S+)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
    options[m[1]!] = m[2]!;
    rest = rest.slice(m[0].length);
  }
  const cmd = /^CMD\s+([\s\S]*)$/i.exec(rest);
  return { options, command: cmd ? (execForm(cmd[1]!.trim()) ?? ['CMD-SHELL', cmd[1]!.trim()]) : undefined };
}

/** The stage a file's final image is: the last one. */
export function finalStage(dockerfile: Dockerfile): Stage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

/** Every instruction of a stage and of the stages it is built FROM, base first. */
export function lineage(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const parent = dockerfile.stages.find((s) => s.name !== undefined && s.name === stage.from);
  return parent && parent !== stage ? [...lineage(dockerfile, parent), stage] : [stage];
}

/** The image a stage finally rests on, with global ARG defaults substituted. */
export function baseImage(dockerfile: Dockerfile, stage: Stage): string {
  const root = lineage(dockerfile, stage)[0]!;
  return root.from.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => dockerfile.globalArgs[name] ?? '');
}

/** The build argument that picks the app in the repository's one Dockerfile. */
export const APP_ARG = 'APP';

/**
 * The stages an image needs: the final one, the stages it is built FROM, and those it COPYs
 * --from, each with theirs. BuildKit builds only these; the others are another app's.
 */
export function reachable(dockerfile: Dockerfile): Dockerfile {
  const final = finalStage(dockerfile);
  if (!final) return dockerfile;
  const needed = new Set<Stage>();
  const visit = (stage: Stage) => {
    for (const s of lineage(dockerfile, stage)) {
      if (needed.has(s)) continue;
      needed.add(s);
      for (const copy of s.instructions.filter((i) => i.keyword === 'COPY')) {
        const from = /--from=(\S+)/.exec(copy.args)?.[1];
        const source = dockerfile.stages.find((candidate) => candidate.name !== undefined && candidate.name === from);
        if (source) visit(source);
      }
    }
  };
  visit(final);
  return { globalArgs: dockerfile.globalArgs, stages: dockerfile.stages.filter((s) => needed.has(s)) };
}

/**
 * The Dockerfile as `docker build --build-arg APP=<app>` reads it: `${APP}` and `$APP` replaced
 * by the app's name, and only the stages that app's image needs.
 */
export function dockerfileForApp(source: string, app: string): Dockerfile {
  return reachable(parseDockerfile(source.replace(/\$\{APP\}|\$APP\b/g, app)));
}

/**
 * There is no Docker engine on the build machines, so the Dockerfile is checked by parsing it:
 * known instructions only, pinned (non-latest) base images, a non-root runtime user, the health
 * check, the data volume, the port and the start command the bot needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const KNOWN = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME',
  'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

/** Dockerfile → instructions (comments dropped, `\` continuations joined). */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      if (/^\s*#/.test(lines[i])) continue; // comment lines inside a continuation are skipped
      line = line.replace(/\\\s*$/, ' ') + lines[i];
    }
    const m = /^\s*(\S+)\s*(.*)$/.exec(line)!;
    out.push({ keyword: m[1].toUpperCase(), args: m[2].trim().replace(/\s+/g, ' '), line: start + 1 });
  }
  return out;
}

/** Splits into stages, substituting global ARG defaults into FROM. */
function stagesOf(instructions: Instruction[]): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [rawImage, as, name] = ins.args.replace(/--platform=\S+\s*/, '').split(' ');
      const image = rawImage.replace(/\$\{?(\w+)\}?/g, (_, v) => globalArgs.get(v) ?? `<unset ${v}>`);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : null, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [k, v] = ins.args.split('=');
        if (v !== undefined) globalArgs.set(k, v);
      }
    } else stages[stages.length - 1].instructions.push(ins);
  }
  return stages;
}

const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const instructions = parseDockerfile(dockerfile);
const stages = stagesOf(instructions);
const runtime = stages[stages.length - 1];
const build = stages[0];
const inStage = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword);

describe('Dockerfile (checked by parsing: no Docker engine here)', () => {
  it('uses only known instructions', () => {
    expect(instructions.filter((i) => !KNOWN.has(i.keyword)).map((i) => `${i.line}: ${i.keyword}`)).toEqual([]);
  });

  it('has a build stage and a runtime stage, on a pinned Node image that fits package.json engines', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const s of stages) {
      expect(s.image).toMatch(/^node:[^:]+$/);
      const tag = s.image.split(':')[1];
      expect(tag).not.toMatch(/latest|current/);
      const major = Number(/^(\d+)/.exec(tag)?.[1]);
      expect(major === 20 || major >= 22).toBe(true); // engines: ">=20.19 <21 || >=22"
    }
  });

  it('installs all dependencies to build and only production dependencies to run', () => {
    const buildRuns = inStage(build, 'RUN').map((i) => i.args).join(' && ');
    expect(buildRuns).toMatch(/\bnpm ci\b(?! --omit)/);
    expect(buildRuns).toContain('tsc --noEmit');
    const runtimeRuns = inStage(runtime, 'RUN').map((i) => i.args).join(' && ');
    expect(runtimeRuns).toContain('npm ci --omit=dev');
    // the runtime copies checked sources from the build stage, never node_modules with dev deps
    const fromBuild = inStage(runtime, 'COPY').filter((c) => c.args.startsWith('--from='));
    expect(fromBuild.length).toBeGreaterThan(0);
    for (const c of fromBuild) {
      expect(c.args).toMatch(/^--from=build /);
      expect(c.args).not.toContain('node_modules');
    }
  });

  it('starts the compiled bot (dist/, built in the build stage) with plain node, no TypeScript at run time', () => {
    const buildRuns = inStage(build, 'RUN').map((i) => i.args).join(' && ');
    expect(buildRuns).toContain('npm run build');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.build).toBeDefined();
    const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src', noEmit: false });
    const copies = inStage(runtime, 'COPY').map((c) => c.args);
    expect(copies).toContain('--from=build /app/dist ./dist');
    // paths the code resolves from import.meta.url: dist/../package.json, dist/cards/../../cards
    expect(copies).toContain('--from=build /app/cards ./cards');
    expect(copies.some((c) => /^package\.json /.test(c))).toBe(true);
    const cmd = inStage(runtime, 'CMD');
    expect(cmd).toHaveLength(1);
    expect(JSON.parse(cmd[0].args)).toEqual(['node', 'dist/index.js']);
    // the CLI in the image (`node bin/styrebot.mjs check`) still runs the sources through tsx
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(copies).toContain('--from=build /app/src ./src');
  });

  it('runs as a non-root user', () => {
    const users = inStage(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args.split(':')[0];
    expect(['root', '0', '']).not.toContain(user);
    // nothing in the runtime stage runs after USER as if it were root
    const userIndex = runtime.instructions.indexOf(users[users.length - 1]);
    expect(runtime.instructions.slice(userIndex).filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('keeps the store in the /data volume, owned by the runtime user', () => {
    expect(inStage(runtime, 'VOLUME').map((i) => i.args)).toContainEqual(expect.stringMatching(/^(\/data|\["\/data"\])$/));
    const env = inStage(runtime, 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/\bSTORE_PATH=\/data\/db\.json\b/);
    expect(inStage(runtime, 'RUN').map((i) => i.args).join(' ')).toMatch(/chown node:node \/data/);
  });

  it('exposes 3978 and checks /healthz with node fetch', () => {
    expect(inStage(runtime, 'EXPOSE').map((i) => i.args)).toContain('3978');
    const hc = inStage(runtime, 'HEALTHCHECK');
    expect(hc).toHaveLength(1);
    const cmd = /\bCMD (\[.*\])$/.exec(hc[0].args)?.[1];
    expect(cmd).toBeDefined();
    const argv = JSON.parse(cmd!);
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    expect(argv[2]).toContain("fetch('http://127.0.0.1:'");
    expect(argv[2]).toContain('/healthz');
    expect(argv[2]).toMatch(/process\.exit\(r\.ok \? 0 : 1\)/);
    expect(() => new Function(argv[2])).not.toThrow(); // the inline script is valid JavaScript
  });

  it('copies only files that exist, and keeps secrets and local data out of the build context', () => {
    for (const c of instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))) {
      const parts = c.args.split(' ').filter((p) => !p.startsWith('--'));
      for (const src of parts.slice(0, -1)) expect(existsSync(path.join(ROOT, src)), `${src} (line ${c.line})`).toBe(true);
    }
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/).map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.git', 'node_modules', 'data']));
  });

  it('parses continuations and comments the way Docker does', () => {
    const parsed = parseDockerfile('# c\nARG IMG=node:22-slim\nFROM ${IMG} AS x\nRUN a \\\n  # inner\n  && b\n');
    expect(parsed.map((i) => [i.keyword, i.args])).toEqual([
      ['ARG', 'IMG=node:22-slim'],
      ['FROM', '${IMG} AS x'],
      ['RUN', 'a && b'],
    ]);
    expect(stagesOf(parsed)[0]).toMatchObject({ image: 'node:22-slim', name: 'x' });
  });
});

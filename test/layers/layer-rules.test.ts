import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOnlyFilesIn } from '../../scripts/check-renderer-types.mjs';

/**
 * The layer rules (.dependency-cruiser.cjs) against the probes in test/layers/probes/: each probe
 * holds one illegal import and says where it stands (`// at: <path>`) and which rule must catch
 * it (`// rule: <name>`). A probe is checked in a mirror of the repository (every entry a
 * symlink to the real one) with the probe written at its path, so its import resolves exactly as
 * it would there. The real repository must have no violation.
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROBES = path.join(REPO, 'test/layers/probes');
const CONFIG = path.join(REPO, '.dependency-cruiser.cjs');
const RENDERER_ENTRY = 'renderer/src/main.tsx';
/** What `npm run lint:layers` cruises. */
const LAYERS = ['electron', 'drivers', 'kiosk-config', 'hub', 'renderer', 'test', 'bench', 'scripts'];

interface Probe {
  file: string;
  at: string;
  rule: string;
  source: string;
}

async function readProbes(): Promise<Probe[]> {
  const files = (await readdir(PROBES)).filter((name) => name.endsWith('.ts')).sort();
  return Promise.all(
    files.map(async (file) => {
      const source = await readFile(path.join(PROBES, file), 'utf8');
      const at = /^\/\/ at: (\S+)$/m.exec(source)?.[1];
      const rule = /^\/\/ rule: (\S+)$/m.exec(source)?.[1];
      if (!at || !rule) throw new Error(`${file}: needs "// at: <path>" and "// rule: <name>" lines`);
      return { file, at, rule, source };
    }),
  );
}

/** A temp copy of the repository's layout, every entry a symlink, with `source` written at `at`. */
async function mirrorWith(at: string, source: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'okno-layers-'));
  const parts = at.split('/');
  let real = REPO;
  let mirror = root;
  for (const [index, part] of parts.entries()) {
    const entries = await readdir(real).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry !== part && entry !== '.git') await symlink(path.join(real, entry), path.join(mirror, entry));
    }
    if (index === parts.length - 1) {
      await writeFile(path.join(mirror, part), source);
    } else {
      real = path.join(real, part);
      mirror = path.join(mirror, part);
      await mkdir(mirror);
    }
  }
  return root;
}

/** The violations of a cruise, and the imports of `unresolvedIn` that did not resolve to a file. */
async function cruiseIn(
  baseDir: string,
  files: string[],
  unresolvedIn?: string,
): Promise<{ violations: IViolation[]; unresolved: string[] }> {
  const options: ICruiseOptions = {
    ...(await extractDepcruiseOptions(CONFIG)),
    validate: true,
    baseDir,
    preserveSymlinks: true,
    outputType: 'json',
  };
  const tsConfig = extractTSConfig(path.join(baseDir, 'tsconfig.node.json'));
  const result = await cruise(files, options, {}, { tsConfig });
  const output = result.output as ICruiseResult | string;
  const parsed: ICruiseResult = typeof output === 'string' ? JSON.parse(output) : output;
  const probed = parsed.modules.find((module) => module.source === unresolvedIn);
  const unresolved = (probed?.dependencies ?? []).filter((dep) => dep.couldNotResolve).map((dep) => dep.module);
  return { violations: parsed.summary.violations, unresolved };
}

const probes = await readProbes();
const mirrors: string[] = [];

afterAll(async () => {
  await Promise.all(mirrors.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('layer rules', () => {
  let configuredRules: string[] = [];

  beforeAll(async () => {
    const options = await extractDepcruiseOptions(CONFIG);
    configuredRules = (options.ruleSet?.forbidden ?? []).map((rule) => rule.name ?? '');
  });

  it('has at least 20 probes, and every rule is proven by one', () => {
    expect(probes.length).toBeGreaterThanOrEqual(20);
    const proven = new Set(probes.map((probe) => probe.rule));
    expect(configuredRules.filter((rule) => !proven.has(rule))).toEqual([]);
  });

  it.each(probes.map((probe) => [probe.file, probe] as const))('catches the probe %s', async (_file, probe) => {
    const mirror = await mirrorWith(probe.at, probe.source);
    mirrors.push(mirror);
    const files = probe.rule === 'renderer-entry-reaches-only-portable' ? [RENDERER_ENTRY] : [probe.at];
    const { violations, unresolved } = await cruiseIn(mirror, files, probe.at);
    // A probe whose import resolves nowhere would prove nothing about the rule.
    expect(unresolved, `${probe.file}: imports that resolve to no file`).toEqual([]);
    const caught = violations.filter(
      (violation) =>
        violation.rule.name === probe.rule &&
        (violation.from === probe.at || violation.to === probe.at || violation.from === RENDERER_ENTRY),
    );
    expect(
      caught.length,
      `${probe.file} (${probe.at}) not caught by ${probe.rule}; violations: ${JSON.stringify(violations.map((v) => [v.rule.name, v.from, v.to]))}`,
    ).toBeGreaterThan(0);
  });

  it('finds no violation in the repository', { timeout: 60_000 }, async () => {
    const { violations } = await cruiseIn(REPO, LAYERS);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });
});

describe("the renderer's type check", () => {
  it('sees no Node type in the repository', { timeout: 60_000 }, () => {
    expect(nodeOnlyFilesIn(path.join(REPO, 'tsconfig.web.json'))).toEqual([]);
  });

  it('sees Node types once portable code imports fastify (which tsc alone lets pass)', {
    timeout: 60_000,
  }, async () => {
    const probe = probes.find((candidate) => candidate.file === 'portable-fastify.ts');
    if (!probe) throw new Error('probe portable-fastify.ts is missing');
    const mirror = await mirrorWith(probe.at, probe.source);
    mirrors.push(mirror);
    const tsconfig = path.join(mirror, 'tsconfig.probe.json');
    await writeFile(tsconfig, JSON.stringify({ extends: './tsconfig.web.json', include: [probe.at] }));
    const found = nodeOnlyFilesIn(tsconfig);
    expect(found.some((file) => file.includes('/node_modules/@types/node/'))).toBe(true);
  });
});

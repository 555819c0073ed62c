import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCrashChild } from './crash-child';

describe('runCrashChild', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('keeps a character whose UTF-8 bytes arrive in two chunks whole (a ticket number «Б-083»)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-crash-child-'));
    dirs.push(dir);
    const child = path.join(dir, 'split.mjs');
    // «Б» is 0xD0 0x91: the first byte alone, a pause so the reader sees it as a chunk of its own, then the rest.
    await writeFile(
      child,
      `process.stdout.write(Buffer.from([0xd0]));
setTimeout(() => process.stdout.write(Buffer.concat([Buffer.from([0x91]), Buffer.from('-083\\n')])), 200);`,
    );
    const { stdout, signal } = await runCrashChild(child, []);
    expect(signal).toBeNull();
    expect(stdout).toBe('Б-083\n');
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// A dependency of @fastify/swagger (the hub's), not a direct one: only this test reads YAML.
import { parse } from 'yaml';
import { findAppRoot } from '../../electron/services/app-root';

const configPath = path.join(findAppRoot().dir, 'build', 'electron-builder.yml');

async function builderConfig(): Promise<Record<string, unknown>> {
  return parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
}

describe('the packaged Electron binary (build/electron-builder.yml)', () => {
  it('flips the fuses that would let a local user run code as the kiosk', async () => {
    const fuses = (await builderConfig()).electronFuses as Record<string, unknown> | undefined;
    expect(fuses, 'electronFuses is missing').toBeTypeOf('object');
    // ELECTRON_RUN_AS_NODE would turn the signed kiosk binary into a plain Node with its rights.
    expect(fuses?.runAsNode).toBe(false);
    // NODE_OPTIONS (--require …) and --inspect / SIGUSR1 would inject code into the main process.
    expect(fuses?.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses?.enableNodeCliInspectArguments).toBe(false);
    // Only resources/app.asar, never a resources/app folder dropped beside it.
    expect(fuses?.onlyLoadAppFromAsar).toBe(true);
    expect((await builderConfig()).asar).toBe(true);
    // The page is app://kiosk (the shell's own scheme): file:// pages need no privileges beyond a browser's.
    expect(fuses?.grantFileProtocolExtraPrivileges).toBe(false);
  });
});

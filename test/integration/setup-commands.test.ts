import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';

/** What scripts/setup.mjs exports, read by Node itself (the script is plain, dependency-free JS). */
async function setUpLists(): Promise<{
  startCommands: string[];
  testCommands: string[];
  packagesByCommand: Record<string, string>;
}> {
  const setup = path.join(findAppRoot().dir, 'scripts', 'setup.mjs');
  const script = `const s = await import(${JSON.stringify(setup)}); console.log(JSON.stringify({ startCommands: s.startCommands, testCommands: s.testCommands, packagesByCommand: s.packagesByCommand }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout);
}

describe('the set-up’s system commands (scripts/setup.mjs)', () => {
  it('names what `npm start` needs, the voice and its mixer included, each from a Debian package', async () => {
    const { startCommands, testCommands, packagesByCommand } = await setUpLists();
    expect(startCommands).toEqual(['socat', 'chromium', 'espeak-ng', 'amixer']);
    for (const command of startCommands) {
      expect(testCommands, command).toContain(command);
      expect(packagesByCommand[command], command).toBeDefined();
    }
    expect(packagesByCommand.amixer).toBe('alsa-utils');
  });
});

import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markProfileExitedCleanly } from './browser-profile';

async function profileWith(preferences: string | undefined): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-profile-'));
  const file = path.join(dir, 'Default', 'Preferences');
  if (preferences !== undefined) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, preferences);
  }
  return { dir, file };
}

describe('markProfileExitedCleanly', () => {
  it('turns a crashed last run into a clean one, keeping every other preference', async () => {
    const { dir, file } = await profileWith(
      JSON.stringify({
        intl: { accept_languages: 'ru' },
        profile: { exit_type: 'Crashed', exited_cleanly: false, name: 'x' },
      }),
    );
    await markProfileExitedCleanly(dir);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      intl: { accept_languages: 'ru' },
      profile: { exit_type: 'Normal', exited_cleanly: true, name: 'x' },
    });
  });

  it('leaves a profile that ended cleanly as it is', async () => {
    const text = JSON.stringify({ profile: { exit_type: 'SessionEnded' } });
    const { dir, file } = await profileWith(text);
    await markProfileExitedCleanly(dir);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('leaves a fresh profile and an unreadable file alone', async () => {
    const fresh = await profileWith(undefined);
    await expect(markProfileExitedCleanly(fresh.dir)).resolves.toBeUndefined();
    const broken = await profileWith('{"profile": ');
    await markProfileExitedCleanly(broken.dir);
    expect(await readFile(broken.file, 'utf8')).toBe('{"profile": ');
  });
});

import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigPath } from '../app-root';
import { memoryLogger } from '../test-support';
import { warnIfConfigSecretExposed } from './config-secret-check';
import { loadKioskConfig } from './load-kiosk-config';

const TOKEN = 'fleet-token-in-the-config-0123456789';

async function configFile(hub: Record<string, unknown>, mode: number): Promise<string> {
  const base = JSON.parse(await readFile(defaultConfigPath(), 'utf8'));
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-config-secret-'));
  const file = path.join(dir, 'kiosk.json');
  await writeFile(
    file,
    JSON.stringify({
      ...base,
      dataDir: dir,
      catalogue: path.resolve(path.dirname(defaultConfigPath()), base.catalogue),
      hub,
    }),
  );
  await chmod(file, mode);
  return file;
}

describe('a kiosk config file holding a secret', () => {
  it('is warned about in the log when group or others may read it, without the secret', async () => {
    const cases: [Record<string, unknown>, number, boolean][] = [
      [{ kind: 'remote', url: 'https://hub.example.ru', provisioningToken: TOKEN }, 0o644, true],
      [{ kind: 'remote', url: 'https://hub.example.ru', provisioningToken: TOKEN }, 0o640, true],
      [{ kind: 'remote', url: 'https://hub.example.ru', provisioningToken: TOKEN }, 0o600, false],
      // No secret in it: its mode is nobody's business.
      [{ kind: 'remote', url: 'https://hub.example.ru' }, 0o644, false],
      [{ kind: 'embedded' }, 0o644, false],
    ];
    for (const [hub, mode, warned] of cases) {
      const file = await configFile(hub, mode);
      const loaded = await loadKioskConfig(file);
      const logger = memoryLogger();
      expect(await warnIfConfigSecretExposed(loaded.file, loaded.config, logger.log), `${mode.toString(8)}`).toBe(
        warned,
      );
      const warning = logger.lines().find((line) => String(line.msg).includes('readable by other users'));
      if (warned) expect(warning).toMatchObject({ mode: `0${mode.toString(8)}`, fields: ['hub.provisioningToken'] });
      else expect(warning).toBeUndefined();
      expect(logger.text()).not.toContain(TOKEN);
    }
  });
});

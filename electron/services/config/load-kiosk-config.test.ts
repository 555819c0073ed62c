import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigPath } from '../app-root';
import { ConfigFileError, loadCatalogue, loadKioskConfig } from './load-kiosk-config';

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-config-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function errorOf(promise: Promise<unknown>): Promise<ConfigFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

describe('loadKioskConfig', () => {
  it('loads the embedded default with its catalogue', async () => {
    const loaded = await loadKioskConfig(defaultConfigPath());
    expect(loaded.config.devices.printer?.connection.kind).toBe('simulated');
    expect(path.isAbsolute(loaded.dataDir)).toBe(true);
    const catalogue = await loadCatalogue(loaded.cataloguePath);
    expect(catalogue.services.length).toBeGreaterThan(0);
  });

  it('runs the content channel by default, polling every 5 minutes, with its root file beside the config', async () => {
    const defaults = await loadKioskConfig(defaultConfigPath());
    expect(defaults.config.content).toEqual({ enabled: true, pollSeconds: 300 });
    expect(defaults.trustedContentRoot).toBeUndefined();
    const base = JSON.parse(await readFile(defaultConfigPath(), 'utf8'));
    base.content = { pollSeconds: 60, trustedRootFile: 'content/1.root.json' };
    const file = await tempFile('kiosk.json', JSON.stringify(base));
    const loaded = await loadKioskConfig(file);
    expect(loaded.config.content).toEqual({ enabled: true, pollSeconds: 60, trustedRootFile: 'content/1.root.json' });
    expect(loaded.trustedContentRoot).toBe(path.join(path.dirname(file), 'content', '1.root.json'));
  });

  it('names the file and the bad field', async () => {
    const base = JSON.parse(await readFile(defaultConfigPath(), 'utf8'));
    base.devices.printer.connection = { kind: 'usb-magic' };
    base.session.idleResetSeconds = 'soon';
    const file = await tempFile('kiosk.json', JSON.stringify(base));
    const error = await errorOf(loadKioskConfig(file));
    expect(error.message).toContain(file);
    expect(error.problems.some((p) => p.startsWith('devices.printer.connection.kind'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('session.idleResetSeconds'))).toBe(true);
  });

  it('rejects unknown keys so a typo is not silently ignored', async () => {
    const base = JSON.parse(await readFile(defaultConfigPath(), 'utf8'));
    base.session.idleResetSecond = 30;
    const error = await errorOf(loadKioskConfig(await tempFile('kiosk.json', JSON.stringify(base))));
    expect(error.problems.join()).toContain('idleResetSecond');
  });

  it('explains a missing file and broken JSON', async () => {
    expect((await errorOf(loadKioskConfig('/nonexistent/kiosk.json'))).problems).toEqual(['file not found']);
    const broken = await errorOf(loadKioskConfig(await tempFile('kiosk.json', '{ "kiosk": ')));
    expect(broken.problems[0]).toMatch(/^not valid JSON/);
  });

  it('checks the warning comes before the reset', async () => {
    const base = JSON.parse(await readFile(defaultConfigPath(), 'utf8'));
    base.session = { idleResetSeconds: 30, idleWarningSeconds: 30 };
    const error = await errorOf(loadKioskConfig(await tempFile('kiosk.json', JSON.stringify(base))));
    expect(error.problems.join()).toContain('session.idleWarningSeconds');
  });

  it('checks catalogue references and prefixes', async () => {
    const file = await tempFile(
      'catalogue.json',
      JSON.stringify({
        categories: [{ id: 'a', name: 'A' }],
        services: [
          { id: 's1', categoryId: 'missing', name: 'S', prefix: 'А' },
          { id: 's1', categoryId: 'a', name: 'S', prefix: 'A' },
        ],
      }),
    );
    const error = await errorOf(loadCatalogue(file));
    const text = error.problems.join('\n');
    expect(text).toContain('services.0.categoryId');
    expect(text).toContain('services.1.prefix');
    expect(text).toContain('duplicate service id');
  });
});

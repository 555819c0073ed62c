import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceModeView } from '../../../kiosk-config/src/index';
import { ServiceMode } from './service-mode';

const silentLog = { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} } as never;

describe('ServiceMode', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'okno-service-mode-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps who put the kiosk out of service across a restart; the screens hear only the mode', async () => {
    const told: ServiceModeView[] = [];
    const mode = await ServiceMode.open(dataDir, (view) => told.push(view), silentLog);
    const changed = { by: 'technician' as const, person: 'Петров И.', at: '2026-12-07T08:00:00.000Z' };
    await mode.set({ inService: false, instead: 'Талон можно получить у сотрудника центра' }, changed);
    expect(told).toEqual([{ inService: false, instead: 'Талон можно получить у сотрудника центра' }]);
    const reopened = await ServiceMode.open(dataDir, () => {}, silentLog);
    expect(reopened.view).toEqual({ inService: false, instead: 'Талон можно получить у сотрудника центра' });
    expect(reopened.changed).toEqual(changed);
  });

  it('reads the file an older kiosk wrote (the bare view)', async () => {
    await mkdir(path.join(dataDir, 'fleet'), { recursive: true });
    await writeFile(
      path.join(dataDir, 'fleet', 'service-mode.json'),
      JSON.stringify({ inService: false, instead: 'Позже' }),
    );
    const mode = await ServiceMode.open(dataDir, () => {}, silentLog);
    expect(mode.view).toEqual({ inService: false, instead: 'Позже' });
    expect(mode.changed).toBeUndefined();
    await mode.set({ inService: true }, { by: 'centre', at: '2026-12-07T09:00:00.000Z' });
    expect(JSON.parse(await readFile(path.join(dataDir, 'fleet', 'service-mode.json'), 'utf8'))).toEqual({
      view: { inService: true },
      changed: { by: 'centre', at: '2026-12-07T09:00:00.000Z' },
    });
  });
});

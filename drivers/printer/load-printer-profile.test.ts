import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import { profile80 } from '../test-support/profiles';
import {
  listPrinterProfiles,
  loadPrinterProfile,
  PRINTER_PROFILES_DIR,
  PrinterProfileError,
} from './load-printer-profile';

describe('shipped printer profiles', () => {
  it('all validate against the schema, with ids matching their file names', async () => {
    const files = (await readdir(PRINTER_PROFILES_DIR)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const json: unknown = JSON.parse(await readFile(path.join(PRINTER_PROFILES_DIR, file), 'utf8'));
      const parsed = PrinterProfile.safeParse(json);
      expect(parsed.error?.issues ?? [], file).toEqual([]);
      expect(parsed.data?.id).toBe(file.replace(/\.json$/, ''));
    }
  });

  it('has the 80 mm and 58 mm generic models', async () => {
    expect(await listPrinterProfiles()).toEqual(expect.arrayContaining(['generic-58mm', 'generic-80mm']));
    const { name: _name, source: _source, ...wide } = await loadPrinterProfile('generic-80mm');
    const { name: _testName, ...expected } = profile80;
    expect(wide).toEqual(expected);
    expect(await loadPrinterProfile('generic-58mm')).toMatchObject({
      paperWidthMm: 58,
      columns: 32,
      codePage: { encoding: 'cp866', escT: 17 },
    });
  });

  it('has a Chinese-firmware model needing FS . and a Windows-1251 model, each saying where its values come from', async () => {
    const xprinter = await loadPrinterProfile('xprinter-xp-n160ii');
    expect(xprinter).toMatchObject({ leaveDoubleByteMode: true, codePage: { encoding: 'cp866', escT: 17 } });
    const epson = await loadPrinterProfile('epson-tm-t20iii');
    expect(epson).toMatchObject({
      leaveDoubleByteMode: false,
      automaticStatusBack: true,
      codePage: { encoding: 'windows-1251', escT: 46 },
    });
    for (const id of await listPrinterProfiles()) expect((await loadPrinterProfile(id)).source, id).toBeTruthy();
  });

  it('defaults automatic status back off, flow control to none and confirmed jobs on when a file omits them', async () => {
    const { automaticStatusBack: _asb, flowControl: _flow, confirmsJobs: _confirms, ...older } = profile80;
    expect(PrinterProfile.parse(older)).toMatchObject({
      automaticStatusBack: false,
      flowControl: 'none',
      confirmsJobs: true,
    });
    expect(PrinterProfile.parse({ ...older, confirmsJobs: false }).confirmsJobs).toBe(false);
    expect(PrinterProfile.safeParse({ ...profile80, confirmsJobs: 'no' }).success).toBe(false);
    expect(PrinterProfile.safeParse({ ...profile80, flowControl: 'dtrdsr' }).success).toBe(false);
  });
});

describe('loadPrinterProfile errors', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-profiles-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadError(id: string): Promise<PrinterProfileError> {
    const error = await loadPrinterProfile(id, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterProfileError);
    return error as PrinterProfileError;
  }

  it('names the file and the field that is wrong', async () => {
    await writeFile(
      path.join(dir, 'bad.json'),
      JSON.stringify({ ...profile80, id: 'bad', codePage: { encoding: 'cp866', escT: 300 }, columns: 'wide' }),
    );
    const error = await loadError('bad');
    expect(error.file).toBe(path.join(dir, 'bad.json'));
    expect(error.message).toContain(path.join(dir, 'bad.json'));
    expect(error.problems.some((p) => p.startsWith('codePage.escT:'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('columns:'))).toBe(true);
  });

  it('says when a file is missing and which profiles exist', async () => {
    await writeFile(path.join(dir, 'known-1.json'), JSON.stringify({ ...profile80, id: 'known-1' }));
    expect((await loadError('absent')).message).toMatch(/file not found \(known profiles: known-1\)/);
  });

  it('says when the JSON is broken', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{ "id": ');
    expect((await loadError('broken')).message).toContain('not valid JSON');
  });

  it('rejects an id that does not match the file name', async () => {
    await writeFile(path.join(dir, 'one.json'), JSON.stringify({ ...profile80, id: 'other' }));
    expect((await loadError('one')).problems).toEqual(['id: "other" does not match the file name "one"']);
  });

  it('rejects ids that could leave the folder, before reading anything', async () => {
    expect((await loadError('../generic-80mm')).problems[0]).toMatch(/lowercase letters, digits and hyphens/);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TD3_SPECIMEN } from '../../drivers/document/mrz-specimens';
import type { StartedKioskCore } from '../../electron/services/composition-root';
import { VISITOR_DOCUMENT } from '../../electron/services/session/visitor-document';
import { nextEvent, startDefaultCore } from '../support/core-under-test';

let core: StartedKioskCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const startCore = () =>
  startDefaultCore((config) => {
    config.devices.printer = null;
  });
const nextDocument = (core: StartedKioskCore) => nextEvent(core, 'document.presented');

describe('a passport, from the reader to the session', () => {
  it('is reported as attached and simulated', async () => {
    core = await startCore();
    expect(core.devices.statuses()).toContainEqual(
      expect.objectContaining({ id: 'document_reader', kind: 'document_reader', connected: true, simulated: true }),
    );
    expect(core.simulators.documentReader).toBeDefined();
  });

  it('keeps the read document in the session only, tells the UI just its layout, and forgets it at the end', async () => {
    core = await startCore();
    const { dataDir } = core;
    const simulator = core.simulators.documentReader;
    if (!simulator) throw new Error('the default config has a simulated document reader');
    const seen: Array<{ name: string; payload: unknown }> = [];
    core.onEvent((name, payload) => seen.push({ name, payload }));

    const presented = nextDocument(core);
    await simulator.present(TD3_SPECIMEN);
    expect(await presented).toEqual({ kind: 'td3', ok: true });

    const kept = core.session.recall(VISITOR_DOCUMENT);
    expect(kept?.document).toMatchObject({ format: 'TD3', documentNumber: 'L898902C3', surname: 'ERIKSSON' });
    // Nothing the UI was sent carries the document's fields.
    expect(JSON.stringify(seen)).not.toMatch(/ERIKSSON|L898902C3|ANNA/);

    expect(await core.dispatch('session.end', {})).toMatchObject({ ok: true });
    expect(core.session.recall(VISITOR_DOCUMENT)).toBeUndefined();

    await core.close();
    core = undefined;
    const files = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.some((file) => /^okno\.\d+\.log$/.test(file.name))).toBe(true);
    for (const file of files) {
      const content = await readFile(path.join(file.parentPath, file.name), 'latin1');
      for (const value of ['ERIKSSON', 'ANNA', 'L898902C3', '740812']) expect(content, file.name).not.toContain(value);
    }
  });

  it('logs a rejected zone by its code only', async () => {
    core = await startCore();
    const { dataDir } = core;
    const simulator = core.simulators.documentReader;
    await simulator?.present(TD3_SPECIMEN, { fault: { kind: 'truncate', afterChars: 60 } });
    // A fresh data folder: the first (and only) log file.
    const log = path.join(dataDir, 'logs', 'okno.1.log');
    const deadline = Date.now() + 5000;
    while (!(await readFile(log, 'utf8').catch(() => '')).includes('document reader fault')) {
      if (Date.now() > deadline) throw new Error('the fault was not logged within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(core.session.recall(VISITOR_DOCUMENT)).toBeUndefined();
    await core.close();
    core = undefined;
    const content = await readFile(log, 'utf8');
    expect(content).toContain('"fault":"mrz_rejected"');
    expect(content).not.toMatch(/ERIKSSON|L898902C3/);
  });
});

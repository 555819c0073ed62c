import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PilotPaymentProfile } from '../../../kiosk-config/src/config/payment-profile';
import {
  listPaymentProfiles,
  loadPaymentProfile,
  PAYMENT_PROFILES_DIR,
  PaymentProfileError,
  parsePaymentProfile,
} from './load-payment-profile';

describe('shipped payment profiles', () => {
  it('all validate, with ids matching their file names', async () => {
    const files = (await readdir(PAYMENT_PROFILES_DIR)).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['sb-pilot.json', 'fake-pilot.json']));
    for (const file of files) {
      const json: unknown = JSON.parse(await readFile(path.join(PAYMENT_PROFILES_DIR, file), 'utf8'));
      const parsed = PilotPaymentProfile.safeParse(json);
      expect(parsed.error?.issues ?? [], file).toEqual([]);
      expect(parsed.data?.id).toBe(file.replace(/\.json$/, ''));
    }
  });

  it('sb_pilot: a sale with no held funds, cancel 8 and refund 3 by RRN, end of day 7, no abort', async () => {
    const profile = await loadPaymentProfile('sb-pilot');
    expect(profile).toMatchObject({
      holdsFunds: false,
      abortSafe: false,
      result: { file: 'e', successCodes: ['0'], cancelledCodes: ['2000'] },
      slip: { file: 'p' },
      operations: {
        authorise: { args: ['1', '{amount}'] },
        reverse: { args: ['8', '{amount}', '0', 'QSELECT', '{rrn}'] },
        refund: { args: ['3', '{amount}', '0', 'QSELECT', '{rrn}'] },
        endOfDay: { args: ['7'] },
      },
    });
    // What public sources do not establish is left out, not guessed.
    expect(profile.operations.status).toBeUndefined();
    expect(profile.operations.lastTransaction).toBeUndefined();
    expect(profile.source).toBeTruthy();
  });
});

describe('profile validation errors', () => {
  let dir: string;
  let base: Record<string, unknown>;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-payment-profiles-'));
    base = JSON.parse(await readFile(path.join(PAYMENT_PROFILES_DIR, 'fake-pilot.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadError(id: string, json: unknown): Promise<PaymentProfileError> {
    await writeFile(path.join(dir, `${id}.json`), typeof json === 'string' ? json : JSON.stringify(json));
    const error = await loadPaymentProfile(id, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentProfileError);
    return error as PaymentProfileError;
  }

  it('names the file and each bad field', async () => {
    const result = base.result as Record<string, unknown>;
    const error = await loadError('bad', {
      ...base,
      id: 'bad',
      result: { ...result, file: '../e', encoding: 'cp1252', fields: { maskedPan: 1, authCode: 3, receiptNo: 4 } },
      killGraceMs: 5,
    });
    expect(error.file).toBe(path.join(dir, 'bad.json'));
    expect(error.message).toContain(path.join(dir, 'bad.json'));
    const fields = error.problems.map((p) => p.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining(['result.file', 'result.encoding', 'result.fields.rrn', 'killGraceMs']),
    );
  });

  it('checks placeholders: unknown ones, and ones an operation cannot know', async () => {
    const operations = base.operations as Record<string, unknown>;
    const error = await loadError('placeholders', {
      ...base,
      id: 'placeholders',
      operations: {
        ...operations,
        authorise: { args: ['1', '{amount}', '{rrn}'], timeoutMs: 60000 },
        refund: { args: ['3', '{sum}'], timeoutMs: 60000 },
      },
    });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'operations.refund.args.1: unknown placeholder {sum} (known: {amount}, {paymentId}, {rrn}, {receiptNo})',
        'operations.authorise.args.2: {rrn} is not known when authorise runs',
      ]),
    );
  });

  it('ties held funds to a commit command, a last-transaction command to its fields, totals to named groups', async () => {
    const operations = base.operations as Record<string, Record<string, unknown>>;
    const result = base.result as Record<string, unknown>;
    const error = await loadError('ties', {
      ...base,
      id: 'ties',
      holdsFunds: true,
      result: { ...result, fields: { maskedPan: 1, authCode: 3, receiptNo: 4, rrn: 9 } },
      operations: {
        ...operations,
        endOfDay: { ...operations.endOfDay, totals: { pattern: 'ИТОГО (\\d+)', amountUnit: 'roubles' } },
      },
    });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'operations.commit: holdsFunds needs a commit operation',
        'result.fields.operation: operations.lastTransaction needs this field',
        'result.fields.amount: operations.lastTransaction needs this field',
        'operations.endOfDay.totals.pattern: needs the named groups (?<count>…) and (?<amount>…)',
      ]),
    );
  });

  it('rejects a pattern that does not compile', () => {
    const progress = base.progress as Record<string, unknown>;
    const text = JSON.stringify({
      ...base,
      progress: { ...progress, prompts: [{ match: '(unclosed', kind: 'other' }] },
    });
    expect(() => parsePaymentProfile(text, 'x.json')).toThrow(
      /progress\.prompts\.0\.match: not a valid regular expression/,
    );
  });

  it('says when the JSON is broken, the file is missing, or the id is not the file’s', async () => {
    expect((await loadError('broken', '{ "id": ')).message).toContain('not valid JSON');
    expect((await loadError('one', { ...base, id: 'other' })).problems).toEqual([
      'id: "other" does not match the file name "one"',
    ]);
    const missing = await loadPaymentProfile('absent', { dir }).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/file not found \(known profiles: broken, one\)/);
    expect(await listPaymentProfiles({ dir })).toEqual(['broken', 'one']);
  });

  it('rejects ids that could leave the folder, before reading anything', async () => {
    const error = await loadPaymentProfile('../sb-pilot', { dir }).catch((e: unknown) => e);
    expect((error as PaymentProfileError).problems[0]).toMatch(/lowercase letters, digits and hyphens/);
  });
});

import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { verifyPassword } from '../../hub/console/password-hash';
import defaults from '../../kiosk-config/defaults/kiosk.json';
import { KioskConfig } from '../../kiosk-config/src/index';

const script = path.join(findAppRoot().dir, 'scripts', 'technician-pin.mjs');

function runWith(input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

/** `node scripts/technician-pin.mjs`: the PIN's hash for the kiosk's config, never the PIN. */
describe('scripts/technician-pin.mjs', () => {
  it('prints a scrypt hash (N = 2^15) the config accepts and the kiosk verifies', async () => {
    const answer = await runWith('482915\n');
    expect(answer.code).toBe(0);
    const hash = answer.stdout.trim();
    expect(hash).toMatch(/^scrypt\$1\$15\$8\$1\$/);
    expect(hash).not.toContain('482915');
    const config = KioskConfig.parse({ ...defaults, technician: { pinHash: hash } });
    expect(KioskConfig.safeParse({ ...defaults, technician: { pinHash: hash.replace('$15$', '$14$') } }).success).toBe(
      false,
    );
    expect(config.technician.pinHash).toBe(hash);
    expect(await verifyPassword('482915', hash)).toBe(true);
    expect(await verifyPassword('482916', hash)).toBe(false);
  });

  it('refuses a PIN that is not 4 to 12 digits, or is too easy', async () => {
    expect((await runWith('12a4')).stderr).toMatch(/4 to 12 digits/);
    expect((await runWith('1234')).stderr).toMatch(/not one digit repeated or a run/);
    expect((await runWith('7777')).code).toBe(1);
  });
});

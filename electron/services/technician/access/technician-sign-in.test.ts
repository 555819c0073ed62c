import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../../hub/console/password-hash';
import { assembleTechnicianToken, technicianTokenSignedText } from '../../../../kiosk-config/src/index';
import { TechnicianSession } from '../technician-session';
import { PinLock } from './pin-lock';
import { SpentTokens } from './spent-tokens';
import { TechnicianAuditTrail } from './technician-audit-trail';
import { PIN_PERSON, TechnicianSignIn } from './technician-sign-in';

const silentLog = { warn: () => {}, error: () => {}, info: () => {}, debug: () => {}, child: () => silentLog } as never;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY = publicKey.export({ format: 'jwk' }).x as string;

function token(nonce: string): string {
  const now = Math.floor(Date.now() / 1000);
  const signed = technicianTokenSignedText({
    p: 'Петров И.',
    s: { k: 'kiosk-01' },
    iat: now,
    exp: now + 3600,
    n: nonce,
  });
  return assembleTechnicianToken(signed, sign(null, Buffer.from(signed), privateKey));
}

describe('TechnicianSignIn', () => {
  let dir: string;
  let visitor: boolean;
  let sent: { kind: string; payload: Record<string, unknown> }[];
  let technician: TechnicianSession;
  let signIn: TechnicianSignIn;
  let pinHash: string;
  let audit: TechnicianAuditTrail;

  const start = async () => {
    audit = new TechnicianAuditTrail({
      outbox: {
        enqueue: async (kind, payload) => {
          sent.push({ kind, payload });
          return { id: 'x', kind, at: '', payload };
        },
      },
      person: () => (technician.view.open ? technician.view.person : undefined),
      log: silentLog,
    });
    technician = new TechnicianSession({
      idleMs: 300_000,
      listeners: { onChanged: () => {}, onEnded: (reason, person) => void signIn.ended(reason, person) },
    });
    signIn = new TechnicianSignIn({
      technician,
      visitorSessionActive: () => visitor,
      here: () => ({ kioskId: 'kiosk-01', officeId: 'mfc-demo-01', publicKey: PUBLIC_KEY }),
      pinHash,
      pinLock: await PinLock.open(dir, silentLog),
      spentTokens: await SpentTokens.open(dir, silentLog),
      audit,
    });
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-sign-in-'));
    visitor = false;
    sent = [];
    pinHash ??= await hashPassword('2468');
    await start();
  });
  afterEach(async () => {
    technician.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses everything while a visitor session runs, and says so when asked', async () => {
    visitor = true;
    expect(signIn.access()).toEqual({ available: false, reason: 'visitor_session' });
    expect(await signIn.signIn({ method: 'pin', pin: '2468' })).toEqual({ signedIn: false, reason: 'visitor_session' });
    expect(await signIn.signIn({ method: 'qr', token: token('AAAAAAAAAAAAAAAAAAAAAA') })).toEqual({
      signedIn: false,
      reason: 'visitor_session',
    });
    expect(technician.isOpen).toBe(false);
  });

  it('opens with the right PIN and audits entry, action and exit without the PIN', async () => {
    expect(signIn.access()).toEqual({ available: true, qr: true, pin: true });
    expect(await signIn.signIn({ method: 'pin', pin: '1357' })).toEqual({
      signedIn: false,
      reason: 'wrong_pin',
      attemptsLeft: 4,
    });
    const opened = await signIn.signIn({ method: 'pin', pin: '2468' });
    expect(opened.signedIn && opened.state.open && opened.state.person).toBe(PIN_PERSON);
    audit.record('device.test_print', { printer: 'ok', note: 'x'.repeat(500) });
    technician.close('exit');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const kinds = new Set(sent.map((item) => item.kind));
    expect([...kinds]).toEqual(['technician.audit']);
    expect(sent.map((item) => item.payload.event)).toEqual(['entry_refused', 'entry', 'action', 'exit']);
    expect(JSON.stringify(sent)).not.toMatch(/2468|1357/);
    const action = sent[2]?.payload as { detail: { note: string } };
    expect(action.detail.note).toHaveLength(120);
  });

  it('spends a token left with «Выйти», not one whose mode ended by itself', async () => {
    const idleToken = token('BBBBBBBBBBBBBBBBBBBBBB');
    expect((await signIn.signIn({ method: 'qr', token: idleToken })).signedIn).toBe(true);
    technician.close('idle');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await signIn.signIn({ method: 'qr', token: idleToken })).signedIn).toBe(true);
    technician.close('exit');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await signIn.signIn({ method: 'qr', token: idleToken })).toEqual({ signedIn: false, reason: 'spent' });
    // Kept on disk: a restart does not revive it.
    technician.dispose();
    await start();
    expect(await signIn.signIn({ method: 'qr', token: idleToken })).toEqual({ signedIn: false, reason: 'spent' });
  });

  it('locks the PIN after five wrong ones, even for the right PIN, until the lock ends', async () => {
    for (let i = 0; i < 4; i += 1) await signIn.signIn({ method: 'pin', pin: '0000' });
    const fifth = await signIn.signIn({ method: 'pin', pin: '0000' });
    expect(fifth.signedIn === false && fifth.reason).toBe('locked');
    const right = await signIn.signIn({ method: 'pin', pin: '2468' });
    expect(right.signedIn === false && right.reason).toBe('locked');
    expect(signIn.access()).toMatchObject({ available: true, pinLockedUntil: expect.any(String) });
  });
});

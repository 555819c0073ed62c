import { verifyPassword } from '../../../../hub/console/password-hash';
import type {
  TechnicianAccessView,
  TechnicianSignInOutcome,
  TechnicianSignInRefusal,
  TechnicianSignInRequest,
} from '../../../../kiosk-config/src/index';
import { SerialExecutor } from '../../../../kiosk-config/src/lib/serial-executor';
import type { TechnicianExitReason, TechnicianSession } from '../technician-session';
import type { PinLock } from './pin-lock';
import type { SpentTokens } from './spent-tokens';
import type { TechnicianAuditTrail } from './technician-audit-trail';
import { checkTechnicianToken } from './token-verifier';

/** The name a PIN sign-in shows and audits: the PIN is the kiosk's, not a person's. */
export const PIN_PERSON = 'Техник (PIN)';

/** What the sign-in needs. */
export interface TechnicianSignInOptions {
  technician: TechnicianSession;
  /** Whether a visitor session runs now (`VisitorSession.active`): nothing opens meanwhile. */
  visitorSessionActive: () => boolean;
  /** The kiosk's id, its office and the hub's technician key, as the cached setup tells now. */
  here: () => { kioskId: string; officeId: string | undefined; publicKey: string | undefined };
  /** The config's `technician.pinHash`: undefined turns the PIN off. */
  pinHash: string | undefined;
  pinLock: PinLock;
  spentTokens: SpentTokens;
  audit: TechnicianAuditTrail;
  now?: () => number;
}

/**
 * Proves who the technician is before the mode opens: a hub-signed QR token checked offline, or
 * the kiosk's PIN (scrypt hash, constant-time compare, a growing lock after five wrong ones).
 * Refused while a visitor session runs, whatever the screen asked. Sign-ins run one at a time,
 * so parallel PIN guesses cannot slip past the count.
 */
export class TechnicianSignIn {
  readonly #options: TechnicianSignInOptions;
  readonly #now: () => number;
  readonly #oneAtATime = new SerialExecutor();
  /** The token the open mode was entered with (spent at «Выйти»). */
  #openToken: { nonce: string; expiresAt: number } | undefined;

  constructor(options: TechnicianSignInOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Whether the sign-in may open now, and which ways work. */
  access(): TechnicianAccessView {
    if (this.#options.visitorSessionActive()) return { available: false, reason: 'visitor_session' };
    const lockedUntil = this.#options.pinLock.lockedUntil(this.#now());
    return {
      available: true,
      qr: this.#options.here().publicKey !== undefined,
      pin: this.#options.pinHash !== undefined,
      ...(lockedUntil === undefined ? {} : { pinLockedUntil: new Date(lockedUntil).toISOString() }),
    };
  }

  signIn(request: TechnicianSignInRequest): Promise<TechnicianSignInOutcome> {
    return this.#oneAtATime.run(async () => {
      if (this.#options.visitorSessionActive()) return this.#refuse(request.method, 'visitor_session');
      return request.method === 'qr' ? this.#withToken(request.token) : this.#withPin(request.pin);
    });
  }

  /** The mode ended: a token left with «Выйти» is spent here; the audit records the exit. */
  async ended(reason: TechnicianExitReason, person: string): Promise<void> {
    const token = this.#openToken;
    this.#openToken = undefined;
    if (token !== undefined && reason === 'exit')
      await this.#options.spentTokens.spend(token.nonce, token.expiresAt, this.#now());
    await this.#options.audit.exited(person, reason);
  }

  async #withToken(text: string): Promise<TechnicianSignInOutcome> {
    const checked = checkTechnicianToken(text, { ...this.#options.here(), now: this.#now() });
    if (!checked.ok) return this.#refuse('qr', checked.reason);
    const { person, nonce, expiresAt } = checked.token;
    if (this.#options.spentTokens.has(nonce)) return this.#refuse('qr', 'spent');
    return this.#open(person, 'qr', { nonce, expiresAt });
  }

  async #withPin(pin: string): Promise<TechnicianSignInOutcome> {
    const { pinHash, pinLock } = this.#options;
    if (pinHash === undefined) return this.#refuse('pin', 'no_pin');
    const lockedUntil = pinLock.lockedUntil(this.#now());
    if (lockedUntil !== undefined) return this.#refuse('pin', 'locked', { pinLockedUntil: iso(lockedUntil) });
    if (await verifyPassword(pin, pinHash)) {
      await pinLock.succeeded();
      return this.#open(PIN_PERSON, 'pin', undefined);
    }
    // Counted on disk before the answer: a power cut right after cannot give a free try.
    const failure = await pinLock.failed(this.#now());
    return failure.locked
      ? this.#refuse('pin', 'locked', { pinLockedUntil: iso(failure.lockedUntil) })
      : this.#refuse('pin', 'wrong_pin', { attemptsLeft: failure.attemptsLeft });
  }

  async #open(
    person: string,
    method: TechnicianSignInRequest['method'],
    token: { nonce: string; expiresAt: number } | undefined,
  ): Promise<TechnicianSignInOutcome> {
    await this.#options.audit.entered(person, method);
    // A technician taking over an open mode: the one before leaves as by «Выйти».
    if (this.#options.technician.isOpen) this.#options.technician.close('exit');
    this.#openToken = token;
    return { signedIn: true, state: this.#options.technician.open(person, method) };
  }

  async #refuse(
    method: TechnicianSignInRequest['method'],
    reason: TechnicianSignInRefusal,
    extra: { attemptsLeft?: number; pinLockedUntil?: string } = {},
  ): Promise<TechnicianSignInOutcome> {
    await this.#options.audit.refused(method, reason);
    return { signedIn: false, reason, ...extra };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

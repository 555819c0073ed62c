import { z } from 'zod';
import { TechnicianStateView } from './technician-state';

const NoInput = z.object({}).strict();
const IsoTime = z.iso.datetime({ offset: true });

/** The shortest and longest technician PIN (digits typed on the sign-in screen's keypad). */
export const TECHNICIAN_PIN_LENGTH = { min: 4, max: 12 } as const;

/** How a technician may sign in here now (`technician.access`, asked when the sign-in screen opens). */
export const TechnicianAccessView = z.discriminatedUnion('available', [
  z
    .object({
      available: z.literal(true),
      /** Whether a QR token can be checked: the hub's technician key came with the kiosk's setup. */
      qr: z.boolean(),
      /** Whether a PIN is set on this kiosk (`technician.pinHash`). */
      pin: z.boolean(),
      /** While the PIN is locked after too many wrong ones: until when. */
      pinLockedUntil: IsoTime.optional(),
    })
    .strict(),
  /** A visitor session runs: the sign-in is not offered (the gesture does nothing). */
  z.object({ available: z.literal(false), reason: z.literal('visitor_session') }).strict(),
]);
export type TechnicianAccessView = z.infer<typeof TechnicianAccessView>;

/** What the technician shows: the QR token their scanner read, or the PIN typed. */
export const TechnicianSignInRequest = z.discriminatedUnion('method', [
  // Above any real token (`TECHNICIAN_TOKEN_MAX_LENGTH`): longer text is refused unread.
  z.object({ method: z.literal('qr'), token: z.string().min(1).max(1000) }).strict(),
  z
    .object({
      method: z.literal('pin'),
      pin: z.string().regex(new RegExp(`^\\d{${TECHNICIAN_PIN_LENGTH.min},${TECHNICIAN_PIN_LENGTH.max}}$`)),
    })
    .strict(),
]);
export type TechnicianSignInRequest = z.infer<typeof TechnicianSignInRequest>;

/**
 * Why a sign-in was refused: the screen says it in Russian, without what would help a guesser
 * (a bad signature and a damaged code read the same).
 */
export const TechnicianSignInRefusal = z.enum([
  /** A visitor session runs: nothing opens during a visit. */
  'visitor_session',
  /** Not a technician code, damaged, or not signed by this kiosk's hub. */
  'invalid',
  'expired',
  /** Issued for a later time than the kiosk's clock (a wrong clock). */
  'not_yet_valid',
  /** Issued for another kiosk or office. */
  'other_kiosk',
  /** Used already on this kiosk and left with «Выйти». */
  'spent',
  /** The kiosk has no hub key yet (never received its setup): only the PIN works. */
  'no_key',
  'wrong_pin',
  /** Too many wrong PINs: locked until `pinLockedUntil`. */
  'locked',
  /** No PIN is set on this kiosk. */
  'no_pin',
]);
export type TechnicianSignInRefusal = z.infer<typeof TechnicianSignInRefusal>;

/** A sign-in's outcome: the mode opened, or why not. */
export const TechnicianSignInOutcome = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(true), state: TechnicianStateView }).strict(),
  z
    .object({
      signedIn: z.literal(false),
      reason: TechnicianSignInRefusal,
      /** After a wrong PIN: tries left before the lock. */
      attemptsLeft: z.number().int().nonnegative().optional(),
      pinLockedUntil: IsoTime.optional(),
    })
    .strict(),
]);
export type TechnicianSignInOutcome = z.infer<typeof TechnicianSignInOutcome>;

/** Getting into the technician mode: both open without a signed-in technician (`OPEN_TECHNICIAN_CALLS`). */
export const technicianAccessCalls = {
  /** Whether the sign-in may open now (no visitor session) and which ways work. */
  'technician.access': { input: NoInput, output: TechnicianAccessView },
  /** Signs a technician in with a QR token or the PIN; refused during a visitor session. */
  'technician.signIn': { input: TechnicianSignInRequest, output: TechnicianSignInOutcome },
} as const;

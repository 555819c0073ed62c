import { fileURLToPath } from 'node:url';
import { PilotPaymentProfile } from '../../../kiosk-config/src/config/payment-profile';
import { ProfileError, type ProfileFolderOptions, profileFolder } from '../../profiles/profile-folder';

/** The folder of the shipped payment profiles, `kiosk-config/payment-profiles/`. */
export const PAYMENT_PROFILES_DIR = fileURLToPath(new URL('../../../kiosk-config/payment-profiles/', import.meta.url));

/** A payment profile that cannot be used; the message names the file and each bad field. */
export class PaymentProfileError extends ProfileError {
  override readonly name = 'PaymentProfileError';
  constructor(file: string, problems: string[]) {
    super('payment', file, problems);
  }
}

/** Options of `loadPaymentProfile`. */
export interface LoadPaymentProfileOptions extends ProfileFolderOptions {
  /** Where the profiles are (default `PAYMENT_PROFILES_DIR`; a bundled app passes its own). */
  dir?: string;
}

const paymentProfiles = profileFolder({
  schema: PilotPaymentProfile,
  defaultDir: PAYMENT_PROFILES_DIR,
  exampleId: 'sb-pilot',
  error: (file, problems) => new PaymentProfileError(file, problems),
});

/**
 * Reads and validates the payment profile `<id>.json`.
 *
 * Throws `PaymentProfileError` naming the file and the field, e.g.
 * `payment profile …/sb-pilot.json: result.fields.rrn: Invalid input: expected number, received undefined`.
 * The id must match the file's name.
 */
export function loadPaymentProfile(id: string, options: LoadPaymentProfileOptions = {}): Promise<PilotPaymentProfile> {
  return paymentProfiles.load(id, options);
}

/**
 * Validates a profile's JSON text; `file` names it in errors. With `expectedId`, the profile's id
 * must be that.
 */
export function parsePaymentProfile(text: string, file: string, expectedId?: string): PilotPaymentProfile {
  return paymentProfiles.parse(text, file, expectedId);
}

/** The ids of the profiles in the folder, sorted. */
export function listPaymentProfiles(options: LoadPaymentProfileOptions = {}): Promise<string[]> {
  return paymentProfiles.list(options);
}

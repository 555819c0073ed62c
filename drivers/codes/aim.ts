/**
 * AIM symbology identifiers: the three characters (`]`, a code letter, a modifier digit) a
 * scanner may send before a code to say what kind of barcode it read.
 */

const AIM_FLAG = 0x5d; // ']'

/** Tells whether `bytes` hold an AIM identifier at `at` (e.g. `]Q1` QR, `]E0` EAN-13, `]d2` GS1 DataMatrix). */
export function isAimIdentifierAt(bytes: Uint8Array, at: number): boolean {
  if (at < 0 || at + 3 > bytes.length || bytes[at] !== AIM_FLAG) return false;
  const letter = (bytes[at + 1] ?? 0) | 0x20; // lower-cased
  const digit = bytes[at + 2] ?? 0;
  return letter >= 0x61 && letter <= 0x7a && digit >= 0x30 && digit <= 0x39;
}

/** The AIM identifier at the start of a text, or undefined (`]Q1https://…` → `]Q1`). */
export function leadingAimIdentifier(text: string): string | undefined {
  return /^\][A-Za-z][0-9]/.exec(text)?.[0];
}

/**
 * AIM identifiers that announce GS1 data (FNC1 in the first position): GS1-128, GS1 DataBar,
 * GS1 DataMatrix, GS1 QR Code, GS1 DotCode. "Честный знак" marking codes come as `]d2`.
 */
export const GS1_AIM_IDENTIFIERS: ReadonlySet<string> = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);

/** The symbologies by the AIM code letter (ISO/IEC 15424), named as scanner manuals name them. */
const AIM_SYMBOLOGY: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  d: 'Data Matrix',
  E: 'EAN/UPC',
  e: 'GS1 DataBar',
  F: 'Codabar',
  G: 'Code 93',
  I: 'Interleaved 2 of 5',
  J: 'DotCode',
  L: 'PDF417',
  Q: 'QR Code',
  z: 'Aztec',
  X: 'другой код',
};

/** The specific names some modifiers give (GS1 flavours, EAN-13 vs EAN-8). */
const AIM_MODIFIER_NAMES: Readonly<Record<string, string>> = {
  ']C1': 'GS1-128',
  ']E0': 'EAN-13',
  ']E4': 'EAN-8',
  ']E3': 'EAN-13 с дополнением',
  ']d2': 'GS1 DataMatrix',
  ']Q3': 'GS1 QR Code',
  ']e0': 'GS1 DataBar',
};

/**
 * The symbology an AIM identifier names (`]Q1` → `QR Code`, `]E0` → `EAN-13`, `]C1` →
 * `GS1-128`), or undefined for an identifier that is not one or names an unknown letter.
 */
export function symbologyOfAim(identifier: string): string | undefined {
  if (!/^\][A-Za-z][0-9]$/.test(identifier)) return undefined;
  return AIM_MODIFIER_NAMES[identifier] ?? AIM_SYMBOLOGY[identifier.charAt(1)];
}

/** One press on an on-screen keypad (numbers, codes, УИН, second factor). */
export type KeypadPress = { kind: 'char'; char: string } | { kind: 'backspace' } | { kind: 'clear' };

/** The separators application numbers use (`КУВД-001/2021-3670443`): their keys look apart. */
export const SEPARATOR_KEYS: readonly string[] = ['-', '/'];

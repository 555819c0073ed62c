import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t';
import { DIGIT_KEYS } from './digit-keys';
import { BackspaceIcon } from './icons';
import { type KeypadPress, SEPARATOR_KEYS } from './keypad-press';

/**
 * The big on-screen keys the status screens are typed with. There is no physical keyboard on
 * the kiosk, and no system on-screen keyboard either: these keys are the only way to type.
 *
 * Keys act on `click`, so a press that slides off the key types nothing; each character key has
 * the stable test id `keypad-key-<char>` (renderer/TESTIDS.md).
 */

/** One character key. */
export function CharKey({ char, onPress }: { char: string; onPress: (press: KeypadPress) => void }) {
  return (
    <button
      type="button"
      className={SEPARATOR_KEYS.includes(char) ? 'key key-separator' : 'key'}
      data-testid={`keypad-key-${char}`}
      onClick={() => onPress({ kind: 'char', char })}
    >
      {char}
    </button>
  );
}

/** A grid of character keys; the layout (columns, key size) is the caller's class. */
export function KeyGrid(props: {
  keys: readonly string[];
  onPress: (press: KeypadPress) => void;
  className: string;
  label: string;
  children?: ReactNode;
}) {
  return (
    <fieldset className={`key-grid ${props.className}`} aria-label={props.label}>
      {props.keys.map((char) => (
        <CharKey key={char} char={char} onPress={props.onPress} />
      ))}
      {props.children}
    </fieldset>
  );
}

/** «Стереть»: removes the last character typed. */
export function BackspaceKey({ onPress, className }: { onPress: (press: KeypadPress) => void; className?: string }) {
  const t = useT();
  return (
    <button
      type="button"
      className={`key key-action ${className ?? ''}`}
      data-testid="keypad-backspace"
      onClick={() => onPress({ kind: 'backspace' })}
    >
      <BackspaceIcon />
      <span>{t('common.backspace')}</span>
    </button>
  );
}

/** «Очистить»: removes everything typed. */
export function ClearKey({ onPress, className }: { onPress: (press: KeypadPress) => void; className?: string }) {
  const t = useT();
  return (
    <button
      type="button"
      className={`key key-action ${className ?? ''}`}
      data-testid="keypad-clear"
      onClick={() => onPress({ kind: 'clear' })}
    >
      {t('common.clear')}
    </button>
  );
}

/**
 * The digit pad of the screens that take digits only (a booking code, a УИН, a second factor):
 * 1–9 in telephone order, then «Очистить», 0, «Стереть». `className` places it in the layout.
 */
export function DigitPad({ onPress, className }: { onPress: (press: KeypadPress) => void; className: string }) {
  const t = useT();
  return (
    <KeyGrid keys={DIGIT_KEYS} onPress={onPress} className={`digit-pad ${className}`} label={t('common.digits')}>
      <ClearKey onPress={onPress} />
      <CharKey char="0" onPress={onPress} />
      <BackspaceKey onPress={onPress} />
    </KeyGrid>
  );
}

/**
 * A button that is on or off (`aria-pressed`, which gives it the pressed look): by default one
 * choice in a row of big toggles (keypad modes, second-factor kinds); `className` for another
 * look (the rating's scores and reasons), `label` where the words shown are not the whole name.
 */
export function ToggleButton(props: {
  testId: string;
  pressed: boolean;
  onPress: () => void;
  children: ReactNode;
  className?: string;
  label?: string;
}) {
  return (
    <button
      type="button"
      className={props.className ?? 'toggle'}
      data-testid={props.testId}
      aria-pressed={props.pressed}
      aria-label={props.label}
      onClick={props.onPress}
    >
      {props.children}
    </button>
  );
}

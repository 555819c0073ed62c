import { useState } from 'react';

/** The keyboard's layouts: Russian and Latin letters, and digits with the signs a setting may need. */
export type KeyboardLayout = 'ru' | 'en' | 'digits';

const LAYOUTS: Readonly<Record<KeyboardLayout, readonly string[]>> = {
  ru: ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбюё', '.,-№:()'],
  en: ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '._-/:@'],
  digits: ['123', '456', '789', '0'],
};

const NEXT_LAYOUT: Readonly<Record<KeyboardLayout, KeyboardLayout>> = { ru: 'en', en: 'digits', digits: 'ru' };
const LAYOUT_NAME: Readonly<Record<KeyboardLayout, string>> = { ru: 'АБВ', en: 'ABC', digits: '123' };

export interface OnScreenKeyboardProps {
  /** Numbers only: digits, no layout switch. */
  numeric: boolean;
  onKey: (char: string) => void;
  onBackspace: () => void;
  onDone: () => void;
}

/**
 * A simple on-screen keyboard for the settings form (the kiosk has no physical one): Russian,
 * Latin and digits, «Заглавные», a space, «Стереть» and «Готово». Keys act on click, like the
 * visitor's keypad; each has the test id `osk-key-<char>`.
 */
export function OnScreenKeyboard({ numeric, onKey, onBackspace, onDone }: OnScreenKeyboardProps) {
  const [layout, setLayout] = useState<KeyboardLayout>(numeric ? 'digits' : 'ru');
  const [capitals, setCapitals] = useState(false);
  const rows = LAYOUTS[numeric ? 'digits' : layout];
  return (
    <fieldset className="osk" aria-label="Клавиатура" data-testid="osk">
      {rows.map((row) => (
        <div className="osk-row" key={row}>
          {[...row].map((char) => {
            const typed = capitals ? char.toLocaleUpperCase('ru-RU') : char;
            return (
              <button
                type="button"
                className="osk-key"
                key={char}
                data-testid={`osk-key-${typed}`}
                onClick={() => onKey(typed)}
              >
                {typed}
              </button>
            );
          })}
        </div>
      ))}
      <div className="osk-row">
        {numeric ? null : (
          <>
            <button type="button" className="osk-key osk-wide" onClick={() => setLayout(NEXT_LAYOUT[layout])}>
              {LAYOUT_NAME[NEXT_LAYOUT[layout]]}
            </button>
            <button
              type="button"
              className="osk-key osk-wide"
              aria-pressed={capitals}
              onClick={() => setCapitals(!capitals)}
            >
              Заглавные
            </button>
            <button type="button" className="osk-key osk-space" data-testid="osk-key-space" onClick={() => onKey(' ')}>
              Пробел
            </button>
          </>
        )}
        <button type="button" className="osk-key osk-wide" data-testid="osk-backspace" onClick={onBackspace}>
          Стереть
        </button>
        <button type="button" className="osk-key osk-wide osk-done" data-testid="osk-done" onClick={onDone}>
          Готово
        </button>
      </div>
    </fieldset>
  );
}

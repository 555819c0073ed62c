import { useVisitorPreferences } from '../access/visitor-preferences';
import type { MessageKey } from '../i18n/catalog';
import { useT } from '../i18n/use-t';
import { CharKey, ToggleButton } from './keypad';
import type { KeypadPress } from './keypad-press';
import { type LetterLayout, type LetterScript, letterRows } from './letter-layouts';

/**
 * The letters pad of a field that takes letters, laid out as the visitor chose for the session
 * (`preferences.letters`: А Б В … or ЙЦУКЕН / QWERTY), with the region's extra letters while its
 * language is chosen. Keys keep their test ids `keypad-key-<char>` whatever the layout.
 */
export function LetterPad({ script, onPress }: { script: LetterScript; onPress: (press: KeypadPress) => void }) {
  const t = useT();
  const { letters, language } = useVisitorPreferences().preferences;
  const rows = letterRows(script, letters, language);
  return (
    <fieldset
      className={`letter-pad-${letters} ${letters === 'alphabetical' ? 'key-grid letter-pad' : 'letter-rows'}`}
      aria-label={t(script === 'latin' ? 'typing.latin' : 'typing.cyrillic')}
      data-testid="letter-pad"
      data-layout={letters}
    >
      {rows.map((row, index) =>
        // An alphabetical row is wrapped by the grid; a phone row keeps its own line.
        letters === 'alphabetical' ? (
          row.map((char) => <CharKey key={char} char={char} onPress={onPress} />)
        ) : (
          <div key={row.join('')} className={`letter-row letter-row-${index + 1}`}>
            {row.map((char) => (
              <CharKey key={char} char={char} onPress={onPress} />
            ))}
          </div>
        ),
      )}
    </fieldset>
  );
}

const LAYOUT_LABELS: Record<LetterScript, Record<LetterLayout, MessageKey>> = {
  cyrillic: { alphabetical: 'typing.cyrillicAlphabetical', jcuken: 'typing.cyrillicPhone' },
  latin: { alphabetical: 'typing.latinAlphabetical', jcuken: 'typing.latinPhone' },
};

/** «АБВ» / «ЙЦУКЕН» (or «ABC» / «QWERTY» over Latin letters): the layout, kept for the session. */
export function LetterLayoutSwitch({ script }: { script: LetterScript }) {
  const t = useT();
  const { preferences, change } = useVisitorPreferences();
  return (
    <fieldset className="letter-layouts" aria-label={t('typing.layouts')}>
      {(['alphabetical', 'jcuken'] as const).map((layout) => (
        <ToggleButton
          key={layout}
          testId={`keypad-layout-${layout}`}
          pressed={preferences.letters === layout}
          onPress={() => change({ letters: layout })}
        >
          {t(LAYOUT_LABELS[script][layout])}
        </ToggleButton>
      ))}
    </fieldset>
  );
}

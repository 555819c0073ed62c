import type { ScreenLanguage } from '../../../kiosk-config/src/index';
import { useVisitorPreferences } from '../access/visitor-preferences';

/** What the note needs: the language the paper printed in, and the sentence saying it in the visitor's. */
export interface PrintedInRussianNoteProps {
  /** As the main side answered (`printedLanguage`); absent from an older main side: no note. */
  printedLanguage: ScreenLanguage | undefined;
  /** «The ticket / slip / receipt is printed in Russian: …», in the visitor's language. */
  message: string;
  testId: string;
}

/**
 * The plain note shown when a ticket, status slip or payment receipt printed in Russian although
 * the visitor chose another language (the printer's code page lacks its letters): the paper is
 * valid, so a calm sentence, not a warning.
 */
export function PrintedInRussianNote({ printedLanguage, message, testId }: PrintedInRussianNoteProps) {
  const { language } = useVisitorPreferences().preferences;
  if (printedLanguage !== 'ru' || language === 'ru') return null;
  return (
    <p className="printed-language-note" data-testid={testId} role="status">
      {message}
    </p>
  );
}

import {
  type ApplicationStatusView,
  describeApplicationStatus,
  formatRuDate,
  type ReceiptDocument,
  type ReceiptLine,
} from '../../../kiosk-config/src/index';
import { STATUS_SLIP_WORDS, type StatusSlipWords } from './status-slip-words';

/** What a printed status slip says. */
export interface StatusSlipFace {
  /** This kiosk's office (printed at the top, as on tickets). */
  office: { id: string; name: string };
  application: ApplicationStatusView;
  /** The number as it may be printed: masked (`КУВД-***-***0443`), never in full. */
  maskedNumber: string;
  /** Wall-clock date and time in the office, e.g. `23.11.2026 10:45`. */
  printedAt: string;
  /** The slip's words, in the language it prints in (Russian when absent). */
  words?: StatusSlipWords;
}

/**
 * The status slip («Распечатать» on the status screen) as a receipt document: what the
 * application is, its status and what to do next in the words it prints in — the same sentences
 * as the screen (`describeApplicationStatus`) — with the masked number and the time it was printed.
 * Under another language's, the line saying it is no official document is printed in Russian
 * too: whoever the visitor shows the slip to must be able to read it.
 *
 * The full number is never printed: a slip forgotten on the counter must not let a stranger
 * look the application up.
 */
export function statusSlip(face: StatusSlipFace): ReceiptDocument {
  const { application } = face;
  const words = face.words ?? STATUS_SLIP_WORDS.ru;
  const text = describeApplicationStatus(application, { hereOfficeId: face.office.id }, words.sentences);
  const notOfficial: ReceiptLine[] = [{ type: 'text', text: words.notOfficial, align: 'center' }];
  if (words !== STATUS_SLIP_WORDS.ru)
    notOfficial.push({ type: 'text', text: STATUS_SLIP_WORDS.ru.notOfficial, align: 'center' });
  return {
    lines: [
      { type: 'text', text: face.office.name, align: 'center', bold: true },
      { type: 'rule' },
      { type: 'text', text: words.heading, align: 'center' },
      { type: 'text', text: words.application(face.maskedNumber), align: 'center' },
      { type: 'feed', lines: 1 },
      { type: 'text', text: application.serviceName },
      { type: 'text', text: words.filed(formatRuDate(application.filedOn)) },
      ...(application.expectedOn
        ? [{ type: 'text' as const, text: words.expected(formatRuDate(application.expectedOn)) }]
        : []),
      { type: 'feed', lines: 1 },
      { type: 'text', text: text.headline, align: 'center', width: 2, height: 2, bold: true },
      { type: 'feed', lines: 1 },
      { type: 'text', text: text.nextStep },
      { type: 'rule' },
      { type: 'text', text: words.printedAt(face.printedAt), align: 'center' },
      ...notOfficial,
      { type: 'cut' },
    ],
  };
}

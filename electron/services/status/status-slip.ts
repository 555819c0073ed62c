import {
  type ApplicationStatusView,
  describeApplicationStatus,
  formatRuDate,
  type ReceiptDocument,
} from '../../../kiosk-config/src/index';

/** What a printed status slip says. */
export interface StatusSlipFace {
  /** This kiosk's office (printed at the top, as on tickets). */
  office: { id: string; name: string };
  application: ApplicationStatusView;
  /** The number as it may be printed: masked (`КУВД-***-***0443`), never in full. */
  maskedNumber: string;
  /** Wall-clock date and time in the office, e.g. `23.11.2026 10:45`. */
  printedAt: string;
}

/**
 * The status slip («Распечатать» on the status screen) as a receipt document: what the
 * application is, its status in plain Russian and what to do next — the same sentences as the
 * screen (`describeApplicationStatus`) — with the masked number and the time it was printed.
 *
 * The full number is never printed: a slip forgotten on the counter must not let a stranger
 * look the application up.
 */
export function statusSlip(face: StatusSlipFace): ReceiptDocument {
  const { application } = face;
  const text = describeApplicationStatus(application, { hereOfficeId: face.office.id });
  return {
    lines: [
      { type: 'text', text: face.office.name, align: 'center', bold: true },
      { type: 'rule' },
      { type: 'text', text: 'СТАТУС ЗАЯВЛЕНИЯ', align: 'center' },
      { type: 'text', text: `Заявление ${face.maskedNumber}`, align: 'center' },
      { type: 'feed', lines: 1 },
      { type: 'text', text: application.serviceName },
      { type: 'text', text: `Подано: ${formatRuDate(application.filedOn)}` },
      ...(application.expectedOn
        ? [{ type: 'text' as const, text: `Срок готовности: ${formatRuDate(application.expectedOn)}` }]
        : []),
      { type: 'feed', lines: 1 },
      { type: 'text', text: text.headline, align: 'center', width: 2, height: 2, bold: true },
      { type: 'feed', lines: 1 },
      { type: 'text', text: text.nextStep },
      { type: 'rule' },
      { type: 'text', text: `Справка напечатана ${face.printedAt}`, align: 'center' },
      { type: 'text', text: 'Справка не является официальным документом', align: 'center' },
      { type: 'cut' },
    ],
  };
}

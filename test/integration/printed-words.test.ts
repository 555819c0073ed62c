import { describe, expect, it } from 'vitest';
import { STATUS_SLIP_WORDS } from '../../electron/services/status/status-slip-words';
import {
  ApplicationStatus,
  type ApplicationStatusView,
  describeApplicationStatus,
  ScreenLanguage,
} from '../../kiosk-config/src/index';
import { loadMessages, translator } from '../../renderer/src/i18n/languages';
import { statusSentences } from '../../renderer/src/journeys/status/status-texts';

const here = 'mfc-demo-01';
const base: Omit<ApplicationStatusView, 'status'> = {
  serviceName: 'Регистрация права собственности',
  office: { id: here, name: 'МФЦ «Мои Документы», с. Берёзовка' },
  filedOn: '2026-11-02',
};

/** Every way a status's sentence can be refined: a window, dates, another office, none. */
const variants: Omit<ApplicationStatusView, 'status'>[] = [
  base,
  { ...base, window: '2', expectedOn: '2026-12-01', storageUntil: '2026-12-15' },
  { ...base, office: { id: 'other', name: 'МФЦ пгт Сосновка', address: 'пгт Сосновка, ул. Лесная, д. 1' } },
];

/**
 * The status slip (main side) and the status screen (renderer catalogs) say the same sentences in
 * every screen language, so a visitor who reads the screen and then the slip reads one story.
 */
describe("the status slip's sentences are the screen's", () => {
  it.each(ScreenLanguage.options)('in %s, for every status and refinement', async (language) => {
    const t = translator(language, await loadMessages(language));
    for (const status of ApplicationStatus.options) {
      for (const variant of variants) {
        const view: ApplicationStatusView = { ...variant, status };
        expect(describeApplicationStatus(view, { hereOfficeId: here }, STATUS_SLIP_WORDS[language].sentences)).toEqual(
          statusSentences(view, here, t),
        );
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { AttractItemView } from '../../../kiosk-config/src/index';
import { loadMessages } from '../i18n/languages';
import { ATTRACT_JOURNEYS, attractSequence, linesInEveryLanguage, SLIDE_SECONDS } from './attract-slides';

const image = (n: number): AttractItemView => ({ url: `/content/${n}`, kind: 'image', seconds: 5 });

describe('the attract loop’s steps', () => {
  it('without the release’s items: one slide per journey, in the home screen’s order', () => {
    expect(attractSequence([])).toEqual(
      ATTRACT_JOURNEYS.map((journey) => ({ kind: 'slide', journey, seconds: SLIDE_SECONDS })),
    );
    expect(ATTRACT_JOURNEYS).toEqual(['ticket', 'booking', 'status', 'pay']);
  });

  it('slides and items take turns; the shorter list starts again while the longer lasts', () => {
    const two = attractSequence([image(1), image(2)]);
    expect(two.map((step) => (step.kind === 'slide' ? step.journey : step.url))).toEqual([
      'ticket',
      '/content/1',
      'booking',
      '/content/2',
      'status',
      '/content/1',
      'pay',
      '/content/2',
    ]);
    const six = attractSequence([1, 2, 3, 4, 5, 6].map(image));
    expect(six.filter((step) => step.kind === 'image')).toHaveLength(6);
    expect(six.filter((step) => step.kind === 'slide').map((step) => step.kind === 'slide' && step.journey)).toEqual([
      'ticket',
      'booking',
      'status',
      'pay',
      'ticket',
      'booking',
    ]);
  });
});

describe('a slide’s lines', () => {
  it('Russian alone where only Russian is offered, or while the other catalogs are not loaded yet', () => {
    expect(linesInEveryLanguage('attract.pay', ['ru'])).toEqual([
      { language: 'ru', text: 'Оплатить госпошлину картой' },
    ]);
    expect(linesInEveryLanguage('attract.pay', ['ru', 'en', 'tt']).map((line) => line.language)).toEqual(['ru']);
  });

  it('Russian first, then each other offered language from its loaded catalog', async () => {
    await Promise.all([loadMessages('en'), loadMessages('tt')]);
    expect(linesInEveryLanguage('attract.status', ['ru', 'en', 'tt'])).toEqual([
      { language: 'ru', text: 'Узнать статус заявления' },
      { language: 'en', text: 'Check the status of an application' },
      { language: 'tt', text: 'Гариза статусын белергә' },
    ]);
  });
});

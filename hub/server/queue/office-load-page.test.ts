import { describe, expect, it } from 'vitest';
import type { OfficeLoadView } from '../../../kiosk-config/src/hub/office-load-api';
import {
  renderOfficeIndexPage,
  renderOfficeLoadPage,
  renderOfficeLoadTooManyPage,
  renderOfficeNotFoundPage,
} from './office-load-page';

const view: OfficeLoadView = {
  office: { id: 'mfc-1', name: 'МФЦ <Берёзовка> & «Ко»', address: 'ул. Центральная, д. 12' },
  asOf: '2026-11-23T10:05:00+03:00',
  open: true,
  closesAt: '18:00',
  windowsOpen: 3,
  waiting: 21,
  queues: [
    {
      prefix: 'Б',
      services: ['Замена паспорта'],
      bookingOnly: false,
      waiting: 21,
      windows: 2,
      wait: { minMinutes: 0, maxMinutes: 5, basis: 'recent' },
    },
    { prefix: 'А', services: ['Кадастровый учёт'], bookingOnly: true, waiting: 1, windows: 1, wait: null },
  ],
  busyHours: {
    weekday: 'wed',
    daysSampled: 3,
    hours: [
      { hour: 9, averageTickets: 4 },
      { hour: 10, averageTickets: 0 },
      { hour: 11, averageTickets: 3.5 },
    ],
    busiest: [
      { from: '09:00', to: '10:00' },
      { from: '11:00', to: '12:00' },
    ],
  },
};

describe('office load page', () => {
  it('says who waits, the windows, the wait and the busy hours in Russian, escaped, without script', () => {
    const html = renderOfficeLoadPage(view);
    expect(html).toContain('<h1>МФЦ &#60;Берёзовка&#62; &#38; «Ко»</h1>');
    expect(html).toContain('Сейчас в очереди: 21 человек');
    expect(html).toContain('Работает окон: 3');
    expect(html).toContain('Открыто до 18:00');
    expect(html).toContain('Ожидание сейчас: до 5 минут');
    expect(html).toContain('Только по предварительной записи');
    expect(html).toContain('Обычно в среду больше всего людей: 09:00–10:00, 11:00–12:00.');
    expect(html).toContain('<td class="n">3,5</td>');
    expect(html).toContain('по 3 таким дням');
    expect(html).toContain('Данные на 10:05.');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('style="');
  });

  it('says when a closed office opens, and shows no queues then', () => {
    const closed = renderOfficeLoadPage({
      ...view,
      open: false,
      closesAt: undefined,
      opensAt: '2026-11-24T08:00:00+03:00',
    });
    expect(closed).toContain('Офис сейчас закрыт. Откроется завтра в 08:00.');
    expect(closed).not.toContain('Очередь Б');
    const later = renderOfficeLoadPage({ ...view, open: false, opensAt: '2026-11-26T08:00:00+03:00' });
    expect(later).toContain('Откроется 26.11 в 08:00.');
  });

  it('says there is too little history, and nothing of windows when none called within the hour', () => {
    const html = renderOfficeLoadPage({ ...view, windowsOpen: 0, waiting: 0, busyHours: null });
    expect(html).toContain('Сейчас очереди нет.');
    expect(html).not.toContain('Работает окон: 0');
    expect(html).toContain('Пока мало данных');
  });

  it('lists offices, and has pages for an unknown office and for too many requests', () => {
    const index = renderOfficeIndexPage({
      offices: [{ id: 'mfc 1', name: 'МФЦ', pageUrl: 'x', loadUrl: 'y' }],
    });
    expect(index).toContain('<a href="/offices/mfc%201">МФЦ</a>');
    expect(renderOfficeIndexPage({ offices: [] })).toContain('Офисов с электронной очередью пока нет.');
    expect(renderOfficeNotFoundPage()).toContain('Офис не найден');
    expect(renderOfficeLoadTooManyPage(1)).toContain('через 1 секунду');
  });
});

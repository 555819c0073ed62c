import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FollowView } from '../../../kiosk-config/src/hub/queue-api';
import { FOLLOW_PAGE_CSP, renderFollowNotFound, renderFollowPage } from './follow-page';
import { pluralRu, waitRangeRu } from './public-page';

const waiting: FollowView = {
  number: 'Б-007',
  serviceName: 'Замена паспорта гражданина РФ',
  officeName: 'МФЦ «Мои Документы», с. Берёзовка',
  state: 'waiting',
  peopleAhead: 3,
  wait: { minMinutes: 35, maxMinutes: 50, basis: 'recent' },
};

describe('follow page', () => {
  it('shows the number, «Ожидайте», people ahead and the wait, and reloads every 30 s', () => {
    const html = renderFollowPage(waiting);
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<meta http-equiv="refresh" content="30">');
    expect(html).toContain('<p class="number">Б-007</p>');
    expect(html).toContain('Ожидайте');
    expect(html).toContain('Перед вами: 3 человека');
    expect(html).toContain('Примерное ожидание: 35–50 минут');
    expect(html).not.toContain('<script');
  });

  it('says which window when called, and stops reloading once served', () => {
    const called = renderFollowPage({ ...waiting, state: 'called', window: '3', peopleAhead: 0, wait: null });
    expect(called).toContain('Вас вызывают к окну 3');
    const served = renderFollowPage({ ...waiting, state: 'served', peopleAhead: 0, wait: null });
    expect(served).toContain('Обслужен');
    expect(served).not.toContain('http-equiv="refresh"');
    expect(renderFollowPage({ ...waiting, peopleAhead: 0, wait: null })).toContain('вас вызовут следующим');
    expect(renderFollowPage({ ...waiting, wait: { minMinutes: 20, maxMinutes: 30, basis: 'typical' } })).toContain(
      'по обычной длительности приёма',
    );
  });

  it('says when the ticket may not have printed, or was not printed', () => {
    expect(renderFollowPage(waiting)).not.toContain('напечат');
    const unknown = renderFollowPage({ ...waiting, printed: 'unknown' });
    expect(unknown).toContain(
      '<p class="print">Талон мог не напечататься. Если бумажного талона у вас нет, назовите этот номер сотруднику.</p>',
    );
    expect(unknown).toContain('<p class="number">Б-007</p>');
    const dropped = renderFollowPage({ ...waiting, state: 'dropped', peopleAhead: 0, wait: null, printed: 'no' });
    expect(dropped).toContain('<p class="print">Талон не был напечатан.</p>');
  });

  it('escapes what comes from the catalogue', () => {
    const html = renderFollowPage({ ...waiting, serviceName: '<img src=x onerror=alert(1)>', officeName: 'A & "B"' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('A &#38; &#34;B&#34;');
  });

  it('allows only its own inline style, by hash', () => {
    const style = /<style>([\s\S]*)<\/style>/.exec(renderFollowPage(waiting))?.[1] ?? '';
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(FOLLOW_PAGE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(FOLLOW_PAGE_CSP).toContain("default-src 'none'");
    expect(FOLLOW_PAGE_CSP).not.toContain('unsafe-inline');
    expect(renderFollowNotFound()).toContain('Талон не найден');
  });

  it('speaks Russian plurals', () => {
    expect([1, 2, 5, 11, 12, 21, 22, 25, 111, 104].map((n) => pluralRu(n, 'человек', 'человека', 'человек'))).toEqual([
      'человек',
      'человека',
      'человек',
      'человек',
      'человек',
      'человек',
      'человека',
      'человек',
      'человек',
      'человека',
    ]);
    expect(pluralRu(21, 'минута', 'минуты', 'минут')).toBe('минута');
    expect(waitRangeRu({ minMinutes: 0, maxMinutes: 5, basis: 'recent' })).toBe('до 5 минут');
  });
});

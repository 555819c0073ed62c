import type { Weekday } from '../../../kiosk-config/src/catalogue/working-hours';
import type {
  BusyHours,
  OfficeLoadIndex,
  OfficeLoadView,
  QueueLoad,
} from '../../../kiosk-config/src/hub/office-load-api';
import { escapeHtml } from '../html-document';
import { pluralRu, publicPageCsp, renderPublicPage, waitRangeRu } from './public-page';

/**
 * The office load pages (`GET /offices`, `GET /offices/<id>`): how busy an office is, for
 * someone deciding when to come, on whatever phone they have. Plain HTML in large type, no
 * script, no image, a few kilobytes; the bars of the busy hours are widths from the stylesheet.
 * Pure: a view in, a document out.
 */

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f4ef;color:#1d1d1b;font-size:1.125rem;line-height:1.4}
main{max-width:36rem;margin:0 auto;padding:1.25rem 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
a{color:#1d4f91}
.address,.note{color:#55524c;font-size:1rem;margin:.25rem 0}
.now{font-size:1.4rem;font-weight:600;background:#fff;border-radius:.75rem;padding:.75rem 1rem;margin:1rem 0}
.now p{margin:.25rem 0}
.closed{background:#fff3cd}
.queue{background:#fff;border-radius:.75rem;padding:.75rem 1rem;margin:.75rem 0}
.queue h3{font-size:1.25rem;margin:0 0 .25rem}
.queue p{margin:.25rem 0}
.services{color:#55524c;font-size:1rem}
table{width:100%;border-collapse:collapse;font-size:1.05rem}
td{padding:.2rem 0;vertical-align:middle}
td.h{width:6.5rem;white-space:nowrap}
td.n{width:3rem;text-align:right}
.bar{display:block;height:1rem;background:#7a9a6a;border-radius:.25rem}
.busy .bar{background:#b5651d}
.b0{width:2%}.b1{width:20%}.b2{width:40%}.b3{width:60%}.b4{width:80%}.b5{width:100%}
ul{padding-left:1.25rem}
li{margin:.5rem 0}
`.trim();

/** The load pages' Content-Security-Policy: only their own stylesheet, nothing else. */
export const OFFICE_LOAD_PAGE_CSP = publicPageCsp(STYLE);

/** How often an office's page reloads itself (seconds). */
export const OFFICE_LOAD_REFRESH_SECONDS = 60;

/** «в понедельник», for «Обычно в понедельник больше всего людей…». */
const ON_WEEKDAY: Readonly<Record<Weekday, string>> = {
  mon: 'в понедельник',
  tue: 'во вторник',
  wed: 'в среду',
  thu: 'в четверг',
  fri: 'в пятницу',
  sat: 'в субботу',
  sun: 'в воскресенье',
};

function peopleRu(n: number): string {
  return `${n} ${pluralRu(n, 'человек', 'человека', 'человек')}`;
}

/** `2026-11-23T10:45:00+03:00` → `10:45`; the office's wall clock is in the string already. */
function wallTimeOf(iso: string): string {
  return iso.slice(11, 16);
}

function nowBlock(view: OfficeLoadView): string {
  if (!view.open) {
    const opens = view.opensAt === undefined ? '' : ` Откроется ${opensRu(view.asOf, view.opensAt)}.`;
    return `<div class="now closed"><p>Офис сейчас закрыт.${escapeHtml(opens)}</p></div>`;
  }
  const lines = [view.waiting === 0 ? 'Сейчас очереди нет.' : `Сейчас в очереди: ${peopleRu(view.waiting)}`];
  // None in the last hour says little (the day has not begun, or a break): better no line than «0».
  if (view.windowsOpen > 0) lines.push(`Работает окон: ${view.windowsOpen}`);
  if (view.closesAt !== undefined && view.closesAt !== '24:00') lines.push(`Открыто до ${view.closesAt}`);
  return `<div class="now">${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</div>`;
}

/** «сегодня в 08:00», «завтра в 08:00», «23.11 в 08:00». */
function opensRu(asOf: string, opensAt: string): string {
  const time = wallTimeOf(opensAt);
  const day = opensAt.slice(0, 10);
  const today = asOf.slice(0, 10);
  if (day === today) return `сегодня в ${time}`;
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (day === tomorrow) return `завтра в ${time}`;
  return `${day.slice(8, 10)}.${day.slice(5, 7)} в ${time}`;
}

function queueBlock(queue: QueueLoad): string {
  const title = `Очередь ${queue.prefix}`;
  const lines: string[] = [queue.waiting === 0 ? 'Никто не ждёт' : `Ждут: ${peopleRu(queue.waiting)}`];
  if (queue.windows > 0) lines.push(`Работает окон: ${queue.windows}`);
  if (queue.bookingOnly) lines.push('Только по предварительной записи');
  else if (queue.wait) lines.push(`Ожидание сейчас: ${waitRangeRu(queue.wait)}`);
  return [
    '<section class="queue">',
    `<h3>${escapeHtml(title)}</h3>`,
    ...(queue.services.length === 0 ? [] : [`<p class="services">${escapeHtml(queue.services.join(', '))}</p>`]),
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    '</section>',
  ].join('');
}

function busyBlock(busy: BusyHours | null): string {
  if (busy === null) {
    return '<h2>Когда обычно много людей</h2><p class="note">Пока мало данных: офис недавно начал работать с электронной очередью.</p>';
  }
  const peak = Math.max(...busy.hours.map((h) => h.averageTickets));
  const busiest = busy.busiest.map((s) => `${s.from}–${s.to}`).join(', ');
  const isBusy = (hour: number) =>
    busy.busiest.some((s) => Number(s.from.slice(0, 2)) <= hour && hour < Number(s.to.slice(0, 2)));
  const rows = busy.hours.map((h) => {
    const level = peak === 0 ? 0 : Math.max(h.averageTickets > 0 ? 1 : 0, Math.round((h.averageTickets / peak) * 5));
    const from = String(h.hour).padStart(2, '0');
    const to = String(h.hour + 1).padStart(2, '0');
    return `<tr${isBusy(h.hour) ? ' class="busy"' : ''}><td class="h">${from}–${to}</td><td><span class="bar b${level}"></span></td><td class="n">${formatAverage(h.averageTickets)}</td></tr>`;
  });
  return [
    '<h2>Когда обычно много людей</h2>',
    `<p>Обычно ${ON_WEEKDAY[busy.weekday]} больше всего людей: ${escapeHtml(busiest)}.</p>`,
    '<table>',
    ...rows,
    '</table>',
    `<p class="note">Талонов в час в среднем, по ${busy.daysSampled} ${pluralRu(busy.daysSampled, 'такому дню', 'таким дням', 'таким дням')} последних недель.</p>`,
  ].join('\n');
}

/** `3.5` → «3,5»; whole numbers without a decimal. */
function formatAverage(n: number): string {
  return String(n).replace('.', ',');
}

/** The page of one office. */
export function renderOfficeLoadPage(view: OfficeLoadView): string {
  const body = [
    `<h1>${escapeHtml(view.office.name)}</h1>`,
    ...(view.office.address === undefined ? [] : [`<p class="address">${escapeHtml(view.office.address)}</p>`]),
    nowBlock(view),
    ...(view.open ? view.queues.map(queueBlock) : []),
    busyBlock(view.busyHours),
    `<p class="note">Данные на ${wallTimeOf(view.asOf)}. Страница обновляется сама раз в минуту.</p>`,
    '<p class="note"><a href="/offices">Все офисы</a></p>',
  ].join('\n');
  return renderPublicPage({
    title: `Очередь: ${view.office.name}`,
    body,
    style: STYLE,
    refreshSeconds: OFFICE_LOAD_REFRESH_SECONDS,
  });
}

/** The list of offices. */
export function renderOfficeIndexPage(index: OfficeLoadIndex): string {
  const items = index.offices.map((office) => {
    const address =
      office.address === undefined ? '' : `<br><span class="address">${escapeHtml(office.address)}</span>`;
    return `<li><a href="/offices/${escapeHtml(encodeURIComponent(office.id))}">${escapeHtml(office.name)}</a>${address}</li>`;
  });
  const body = [
    '<h1>Очередь в офисах МФЦ</h1>',
    '<p>Сколько людей ждёт сейчас и когда обычно свободнее.</p>',
    items.length === 0 ? '<p class="note">Офисов с электронной очередью пока нет.</p>' : `<ul>${items.join('')}</ul>`,
  ].join('\n');
  return renderPublicPage({ title: 'Очередь в офисах МФЦ', body, style: STYLE });
}

/** The page of an office id that names no office with a queue. */
export function renderOfficeNotFoundPage(): string {
  const body = [
    '<h1>Офис не найден</h1>',
    '<p>Проверьте ссылку или выберите офис из списка.</p>',
    '<p><a href="/offices">Все офисы</a></p>',
  ].join('\n');
  return renderPublicPage({ title: 'Офис не найден', body, style: STYLE });
}

/** The page of a client that asked too often. */
export function renderOfficeLoadTooManyPage(retryAfterSeconds: number): string {
  const body = [
    '<h1>Слишком много запросов</h1>',
    `<p>Попробуйте снова через ${retryAfterSeconds} ${pluralRu(retryAfterSeconds, 'секунду', 'секунды', 'секунд')}.</p>`,
  ].join('\n');
  return renderPublicPage({ title: 'Слишком много запросов', body, style: STYLE });
}

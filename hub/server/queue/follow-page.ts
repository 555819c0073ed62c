import type { FollowView } from '../../../kiosk-config/src/hub/queue-api';
import { RATING_FORM_STYLE } from '../../rating/rating-form';
import { escapeHtml } from '../html-document';
import { pluralRu, publicPageCsp, renderPublicPage, waitRangeRu } from './public-page';

/**
 * The follow page (`GET /q/<token>`): what a visitor sees on their phone after scanning the
 * ticket's QR. Plain HTML, no script: large type, one state in words, a meta refresh every
 * 30 seconds while there is something to wait for. Pure: a view in, a document out.
 */

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f4ef;color:#1d1d1b}
main{max-width:32rem;margin:0 auto;padding:1.5rem 1.25rem;text-align:center}
.office{font-size:1rem;color:#55524c;margin:0 0 .25rem}
.service{font-size:1.25rem;margin:0 0 1rem}
.number{font-size:4.5rem;font-weight:700;letter-spacing:.05em;margin:.5rem 0}
.state{font-size:1.75rem;font-weight:600;margin:.5rem 0 1rem}
.called{color:#fff;background:#1f6f3f;border-radius:.75rem;padding:.75rem}
.line{font-size:1.25rem;margin:.5rem 0}
.note{font-size:.95rem;color:#55524c;margin-top:1.5rem}
.print{font-size:1.25rem;font-weight:600;background:#fff3cd;border-radius:.75rem;padding:.75rem;margin:1rem 0}
${RATING_FORM_STYLE}
`.trim();

/** The follow page's Content-Security-Policy: only its own stylesheet, and its rating form posting to the hub. */
export const FOLLOW_PAGE_CSP = publicPageCsp(STYLE, { formsToSelf: true });

/** How often the page reloads itself while the visitor waits (seconds). */
export const FOLLOW_REFRESH_SECONDS = 30;

/** How often the page of an offline ticket not received yet reloads itself (seconds). */
export const OFFLINE_PENDING_REFRESH_SECONDS = 5;

/** What the page of an offline ticket not received yet says. */
export const OFFLINE_PENDING_TEXT = 'Талон выдан без связи, данные скоро появятся';

/** The lines under the number, by state. */
function stateLines(view: FollowView): { state: string; called?: boolean; lines: string[] } {
  switch (view.state) {
    case 'waiting': {
      const lines =
        view.peopleAhead === 0
          ? ['Перед вами никого нет: вас вызовут следующим.']
          : [`Перед вами: ${view.peopleAhead} ${pluralRu(view.peopleAhead, 'человек', 'человека', 'человек')}`];
      if (view.wait) {
        const basis = view.wait.basis === 'typical' ? ' (по обычной длительности приёма)' : '';
        lines.push(`Примерное ожидание: ${waitRangeRu(view.wait)}${basis}`);
      }
      return { state: 'Ожидайте', lines };
    }
    case 'called':
      return {
        state: view.window === undefined ? 'Вас вызывают' : `Вас вызывают к окну ${view.window}`,
        called: true,
        lines: [],
      };
    case 'served':
      return { state: 'Обслужен', lines: ['Спасибо, что пришли в МФЦ.'] };
    case 'no_show':
      return { state: 'Вызов пропущен', lines: ['Обратитесь к администратору зала.'] };
    case 'dropped':
      return { state: 'Талон недействителен', lines: ['Возьмите новый талон в терминале.'] };
  }
}

/** What the page says of a ticket whose paper may be missing (`FollowView.printed`), or null. */
function printLine(view: FollowView): string | null {
  const current = view.state === 'waiting' || view.state === 'called';
  const ask = current ? ' Если бумажного талона у вас нет, назовите этот номер сотруднику.' : '';
  if (view.printed === 'unknown') return `Талон мог не напечататься.${ask}`;
  if (view.printed === 'no') return `Талон не был напечатан.${ask}`;
  return null;
}

function page(title: string, body: string, refresh: number | undefined): string {
  return renderPublicPage({ title, body, style: STYLE, ...(refresh === undefined ? {} : { refreshSeconds: refresh }) });
}

/** The page of a ticket; `ratingPart` is the rating's form or thanks after the visit (`renderRatingPart`), HTML. */
export function renderFollowPage(view: FollowView, ratingPart = ''): string {
  const { state, called, lines } = stateLines(view);
  const waiting = view.state === 'waiting' || view.state === 'called';
  const print = printLine(view);
  const body = [
    `<p class="office">${escapeHtml(view.officeName)}</p>`,
    `<p class="service">${escapeHtml(view.serviceName)}</p>`,
    `<p class="number">${escapeHtml(view.number)}</p>`,
    `<p class="state${called ? ' called' : ''}">${escapeHtml(state)}</p>`,
    ...(print === null ? [] : [`<p class="print">${escapeHtml(print)}</p>`]),
    ...lines.map((line) => `<p class="line">${escapeHtml(line)}</p>`),
    ...(waiting ? [`<p class="note">Страница обновляется сама каждые ${FOLLOW_REFRESH_SECONDS} секунд.</p>`] : []),
    ...(ratingPart === '' ? [] : [ratingPart]),
  ].join('\n');
  return page(`Талон ${view.number}`, body, waiting ? FOLLOW_REFRESH_SECONDS : undefined);
}

/**
 * The page of a ticket of a past day that may still be rated (or was): there is nothing left to
 * follow, only the visit to rate. `ratingPart` as for `renderFollowPage`.
 */
export function renderFollowRatingPage(
  visit: { officeName: string; serviceName: string; number: string } | undefined,
  ratingPart: string,
): string {
  const body = [
    ...(visit === undefined
      ? []
      : [
          `<p class="office">${escapeHtml(visit.officeName)}</p>`,
          `<p class="service">${escapeHtml(visit.serviceName)}</p>`,
          `<p class="number">${escapeHtml(visit.number)}</p>`,
          '<p class="state">Обслужен</p>',
        ]),
    ratingPart,
  ].join('\n');
  return page(visit === undefined ? 'Оценка обслуживания' : `Талон ${visit.number}`, body, undefined);
}

/** The page of a link that leads nowhere (mistyped, or of another day). */
export function renderFollowNotFound(): string {
  const body = [
    '<p class="state">Талон не найден</p>',
    '<p class="line">Проверьте ссылку или отсканируйте QR-код на талоне ещё раз.</p>',
    '<p class="note">Ссылка действует в день, когда выдан талон.</p>',
  ].join('\n');
  return page('Талон не найден', body, undefined);
}

/**
 * The page of an offline ticket the hub has not received yet: its kiosk issued it while the link
 * was down and delivers it first once the link is back. Reloads itself every few seconds.
 */
export function renderFollowOfflinePending(): string {
  const body = [
    `<p class="state">${escapeHtml(OFFLINE_PENDING_TEXT)}</p>`,
    '<p class="line">Терминал передаст талон, как только появится связь с сервером.</p>',
    `<p class="note">Страница обновляется сама каждые ${OFFLINE_PENDING_REFRESH_SECONDS} секунд.</p>`,
  ].join('\n');
  return page('Талон выдан без связи', body, OFFLINE_PENDING_REFRESH_SECONDS);
}

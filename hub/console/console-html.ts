import { CALL_CENTRE_OFFICE_ID, CALLBACKS_PATH, helpRequestsPath } from '../help/help-paths';
import { escapeHtml, htmlDocument } from '../server/html-document';
import { type ConsoleUser, can, roleNameRu, seesOffice } from './console-roles';

/** Escapes text for HTML content and attribute values. */
export const esc = escapeHtml;

/**
 * The console's pages that need a store the hub may run without: a link to one is shown only
 * where this hub serves it (it would answer 404 otherwise).
 */
export interface ConsoleSections {
  payments: boolean;
  ratings: boolean;
  technician: boolean;
  help: boolean;
}

/** What every signed-in page needs besides its body. */
export interface PageFrame {
  user: ConsoleUser;
  sections: ConsoleSections;
  csrfToken: string;
  /** Marks the page as refreshing its `[data-live]` part. */
  live?: boolean;
}

/** A hidden field with the session's CSRF token. */
export function csrfField(token: string): string {
  return `<input type="hidden" name="_csrf" value="${esc(token)}">`;
}

function document(title: string, header: string, body: string, live: boolean): string {
  return htmlDocument({
    title: `${title} · Окно`,
    referrer: 'same-origin',
    head: [
      '<link rel="icon" href="/console/icon.svg" type="image/svg+xml">',
      '<link rel="stylesheet" href="/console/console.css">',
      ...(live ? ['<noscript><meta http-equiv="refresh" content="30"></noscript>'] : []),
      '<script src="/console/console.js" defer></script>',
    ],
    body: `${header}<main>${body}</main>`,
  });
}

/** A signed-in page: the menu the user's role allows, who is signed in, sign-out, the body. */
export function consolePage(title: string, frame: PageFrame, body: string): string {
  const { user, sections } = frame;
  const links = [
    ['/console', 'Терминалы'],
    ['/console/alerts', 'Тревоги'],
    ['/console/content', 'Контент'],
    ...(user.officeId !== undefined && can(user, 'queue')
      ? [[`/console/offices/${encodeURIComponent(user.officeId)}/queue`, 'Очередь']]
      : []),
    ...(user.officeId !== undefined && can(user, 'payments') && sections.payments
      ? [[`/console/offices/${encodeURIComponent(user.officeId)}/payments`, 'Платежи']]
      : []),
    ...(can(user, 'issue_technician_tokens') && sections.technician
      ? [['/console/technician-tokens', 'QR техника']]
      : []),
    ...(user.officeId !== undefined && can(user, 'queue') && sections.help
      ? [[helpRequestsPath(user.officeId), 'Помощь']]
      : []),
    ...(can(user, 'queue') && seesOffice(user, CALL_CENTRE_OFFICE_ID) && sections.help
      ? [[CALLBACKS_PATH, 'Обратные звонки']]
      : []),
  ];
  const header = [
    '<header>',
    '<nav>',
    ...links.map(([href, label]) => `<a href="${esc(href ?? '')}">${esc(label ?? '')}</a>`),
    '</nav>',
    `<span class="who">${esc(user.login)}, ${esc(roleNameRu(user.role))}</span>`,
    `<form class="inline" method="post" action="/console/sign-out">${csrfField(frame.csrfToken)}<button class="quiet" type="submit">Выйти</button></form>`,
    '</header>',
  ].join('');
  return document(
    title,
    header,
    `<h1>${esc(title)}</h1>${frame.live ? `<div data-live>${body}</div>` : body}`,
    frame.live === true,
  );
}

/** A page without a session (sign-in, errors before sign-in). */
export function publicPage(title: string, body: string): string {
  return document(title, '<header><span>Окно · консоль</span></header>', `<h1>${esc(title)}</h1>${body}`, false);
}

/** The sign-in form; `formToken` is the pre-session double-submit token. */
export function signInPage(formToken: string, problem?: string): string {
  const body = [
    ...(problem === undefined ? [] : [`<p class="error" role="alert">${esc(problem)}</p>`]),
    '<form method="post" action="/console/sign-in" class="card">',
    csrfField(formToken),
    '<label for="login">Имя пользователя</label>',
    '<input id="login" name="login" type="text" autocomplete="username" required maxlength="64">',
    '<label for="password">Пароль</label>',
    '<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">',
    '<p><button type="submit">Войти</button></p>',
    '</form>',
  ].join('\n');
  return publicPage('Вход в консоль', body);
}

/** Formats an ISO time on the office's clock: `07.12 14:05`. */
export function officeTimeText(iso: string | undefined, timeZone: string): string {
  if (iso === undefined) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** «3 мин назад», «2 ч назад». */
export function agoText(iso: string | undefined, now: number): string {
  if (iso === undefined) return 'ни разу';
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'только что';
  if (minutes < 60) return `${minutes} мин назад`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ч назад`;
  return `${Math.floor(hours / 24)} дн назад`;
}

/** Rubles from kopecks: «1 234,50 ₽». */
export function rublesText(minor: number): string {
  return `${new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100)} ₽`;
}

/** A table whose rows become cards on a phone (`data-label` before each cell). */
export function wideTable(headings: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  return [
    '<table class="wide">',
    `<thead><tr>${headings.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map(
      (cells) =>
        `<tr>${cells.map((cell, i) => `<td data-label="${esc(headings[i] ?? '')}">${cell}</td>`).join('')}</tr>`,
    ),
    '</tbody>',
    '</table>',
  ].join('');
}

import type { OperatorQueueView } from '../../kiosk-config/src/hub/operator-api';
import type { PaymentsDailyReport } from '../../kiosk-config/src/hub/payments-api';
import type { ContentReleaseRecord, KioskContentState } from '../content/content-store';
import type { StoredTechnicianAudit } from '../technician/technician-store';
import type {
  ConsoleAlert,
  ConsoleCommand,
  ConsoleCommandKind,
  ConsoleKiosk,
  ConsoleKioskEvent,
  ConsoleKioskState,
} from './console-fleet-source';
import {
  agoText,
  consolePage,
  csrfField,
  esc,
  officeTimeText,
  type PageFrame,
  rublesText,
  wideTable,
} from './console-html';
import { can } from './console-roles';
import { technicianAuditPart } from './technician-pages';

/** The console's pages: data in, a document out. Each caller has already filtered by role and office. */

const STATE_NAMES: Readonly<Record<ConsoleKioskState, string>> = {
  in_service: 'работает',
  degraded: 'с ограничениями',
  out_of_service: 'не работает',
  updating: 'обновляется',
  silent: 'нет связи',
  unknown: 'ещё не выходил на связь',
  revoked: 'отозван',
};

function stateBadge(state: ConsoleKioskState): string {
  return `<span class="state s-${state}">${esc(STATE_NAMES[state])}</span>`;
}

function kioskLink(kioskId: string): string {
  return `<a href="/console/kiosks/${encodeURIComponent(kioskId)}">${esc(kioskId)}</a>`;
}

function devicesText(kiosk: ConsoleKiosk): string {
  if (kiosk.devices.length === 0) return '<span class="muted">нет данных</span>';
  return kiosk.devices
    .map((d) => `${esc(d.kind)}: ${d.connected ? esc(d.problems.join(', ') || 'готов') : 'нет связи'}`)
    .join('<br>');
}

/** An office with what the fleet page shows of it. */
export interface OfficeFleet {
  officeId: string;
  name: string;
  timeZone: string;
  kiosks: ConsoleKiosk[];
  openAlerts: number;
}

/** The fleet by office. */
export function fleetPage(frame: PageFrame, offices: readonly OfficeFleet[], now: number): string {
  const sections = offices.map((office) => {
    const links = [
      ...(can(frame.user, 'queue')
        ? [`<a href="/console/offices/${encodeURIComponent(office.officeId)}/queue">очередь</a>`]
        : []),
      ...(can(frame.user, 'queue') && frame.sections.ratings
        ? [`<a href="/console/offices/${encodeURIComponent(office.officeId)}/ratings">оценки</a>`]
        : []),
      ...(can(frame.user, 'payments') && frame.sections.payments
        ? [`<a href="/console/offices/${encodeURIComponent(office.officeId)}/payments">платежи</a>`]
        : []),
    ];
    const rows = office.kiosks.map((k) => [
      kioskLink(k.kioskId),
      stateBadge(k.state),
      `${esc(agoText(k.lastContactAt, now))}<br><span class="muted">${esc(officeTimeText(k.lastContactAt, office.timeZone))}</span>`,
      `${esc(k.appVersion ?? '—')} / ${k.contentVersion === undefined ? '—' : `v${esc(k.contentVersion)}`}`,
      devicesText(k),
    ]);
    return [
      `<h2>${esc(office.name)}</h2>`,
      `<p class="muted">${esc(office.officeId)}${office.openAlerts > 0 ? ` · <a href="/console/alerts">открытых тревог: ${office.openAlerts}</a>` : ''}${links.length > 0 ? ` · ${links.join(' · ')}` : ''}</p>`,
      wideTable(
        ['Терминал', 'Состояние', 'Связь', 'Версия / контент', 'Устройства'],
        rows,
        'В этом офисе нет терминалов.',
      ),
    ].join('');
  });
  return consolePage('Терминалы', { ...frame, live: true }, sections.join('') || '<p class="muted">Нет офисов.</p>');
}

function acknowledgeForm(frame: PageFrame, alert: ConsoleAlert): string {
  if (alert.closedAt !== undefined) return '<span class="state s-closed">закрыта</span>';
  if (alert.acknowledgedAt !== undefined) {
    return `<span class="muted">принята: ${esc(alert.acknowledgedBy ?? '')}</span>`;
  }
  if (!can(frame.user, 'acknowledge_alerts')) return '';
  return [
    '<form class="inline" method="post" action="/console/alerts/acknowledge">',
    csrfField(frame.csrfToken),
    `<input type="hidden" name="alertId" value="${esc(alert.alertId)}">`,
    '<button type="submit">Принять</button>',
    '</form>',
  ].join('');
}

function alertRows(frame: PageFrame, alerts: readonly ConsoleAlert[], timeZoneOf: (officeId: string) => string) {
  return alerts.map((a) => [
    `<span class="state s-${a.severity}">${a.severity === 'critical' ? 'срочно' : 'внимание'}</span> ${esc(a.title)}`,
    kioskLink(a.kioskId),
    esc(officeTimeText(a.openedAt, timeZoneOf(a.officeId))),
    acknowledgeForm(frame, a),
  ]);
}

/** The open alerts. */
export function alertsPage(
  frame: PageFrame,
  alerts: readonly ConsoleAlert[],
  timeZoneOf: (officeId: string) => string,
  notice?: string,
): string {
  const body = [
    ...(notice === undefined ? [] : [`<p class="notice" role="status">${esc(notice)}</p>`]),
    wideTable(['Тревога', 'Терминал', 'С', ''], alertRows(frame, alerts, timeZoneOf), 'Открытых тревог нет.'),
  ].join('');
  return consolePage('Тревоги', { ...frame, live: true }, body);
}

const COMMAND_STATES: Readonly<Record<ConsoleCommand['state'], string>> = {
  pending: 'ждёт доставки',
  delivered: 'доставлена',
  succeeded: 'выполнена',
  failed: 'не выполнена',
  expired: 'истекла',
};

/** What the kiosk page shows. */
export interface KioskPageData {
  kiosk: ConsoleKiosk;
  officeName: string;
  timeZone: string;
  alerts: ConsoleAlert[];
  events: ConsoleKioskEvent[];
  /** Undefined: the hub has no remote commands yet. */
  commands?: { kinds: readonly ConsoleCommandKind[]; list: ConsoleCommand[] };
  /** The kiosk's last technician audit lines; undefined: the hub keeps none. */
  technicianAudit?: readonly StoredTechnicianAudit[];
}

/** One kiosk: state, versions, devices, alerts, commands, recent events. */
export function kioskPage(frame: PageFrame, data: KioskPageData, now: number): string {
  const { kiosk, timeZone } = data;
  const summary = [
    '<div class="card figures">',
    `<div>Состояние<b>${stateBadge(kiosk.state)}</b></div>`,
    `<div>Связь<b>${esc(agoText(kiosk.lastContactAt, now))}</b><span class="muted">${esc(officeTimeText(kiosk.lastContactAt, timeZone))}</span></div>`,
    `<div>Приложение<b>${esc(kiosk.appVersion ?? '—')}</b></div>`,
    `<div>Контент<b>${kiosk.contentVersion === undefined ? '—' : `v${esc(kiosk.contentVersion)}`}</b><span class="muted">${esc(kiosk.contentState ?? '')}</span></div>`,
    `<div>Офис<b>${esc(data.officeName)}</b></div>`,
    '</div>',
  ].join('');
  const devices = wideTable(
    ['Устройство', 'Тип', 'Состояние', 'Подробности'],
    kiosk.devices.map((d) => [
      esc(d.id),
      esc(d.kind),
      d.connected
        ? d.problems.length === 0
          ? '<span class="state s-ok">готов</span>'
          : `<span class="state s-warning">${esc(d.problems.join(', '))}</span>`
        : '<span class="state s-critical">нет связи</span>',
      esc(d.detail ?? ''),
    ]),
    'Терминал ещё не сообщал о своих устройствах.',
  );
  const alerts = wideTable(
    ['Тревога', 'Терминал', 'С', ''],
    alertRows(frame, data.alerts, () => timeZone),
    'Открытых тревог нет.',
  );
  const commands =
    data.commands === undefined
      ? '<p class="muted">Удалённые команды на этом хабе пока недоступны.</p>'
      : commandsPart(frame, kiosk.kioskId, data.commands, timeZone);
  const events = wideTable(
    ['Когда', 'Событие', 'Что'],
    data.events.map((e) => [esc(officeTimeText(e.at, timeZone)), esc(e.kind), esc(e.summary)]),
    'Событий нет.',
  );
  const body = [
    summary,
    '<h2>Устройства</h2>',
    devices,
    '<h2>Тревоги</h2>',
    alerts,
    '<h2>Команды</h2>',
    commands,
    '<h2>Последние события</h2>',
    events,
    ...(data.technicianAudit === undefined
      ? []
      : ['<h2>Обслуживание на месте</h2>', technicianAuditPart(data.technicianAudit, timeZone)]),
  ].join('');
  return consolePage(`Терминал ${kiosk.kioskId}`, { ...frame, live: true }, body);
}

function commandsPart(
  frame: PageFrame,
  kioskId: string,
  commands: NonNullable<KioskPageData['commands']>,
  timeZone: string,
): string {
  const buttons = can(frame.user, 'issue_commands')
    ? commands.kinds
        .map((k) =>
          [
            // A kind with fields gets a block of its own; the plain ones sit in a row.
            `<form${k.fields.length === 0 ? ' class="inline"' : ''} method="post" action="/console/kiosks/${encodeURIComponent(kioskId)}/commands">`,
            csrfField(frame.csrfToken),
            `<input type="hidden" name="kind" value="${esc(k.kind)}">`,
            ...k.fields.map(
              (f) =>
                `<label>${esc(f.label)} <input name="param.${esc(f.name)}" value="${esc(f.defaultValue)}"${f.numeric ? ' inputmode="numeric" size="3"' : ''}></label> `,
            ),
            `<button class="quiet" type="submit">${esc(k.label)}</button>`,
            '</form>',
          ].join(''),
        )
        .join(' ')
    : '';
  const list = wideTable(
    ['Команда', 'Кто', 'Когда', 'Итог'],
    commands.list.map((c) => [
      esc(c.label),
      esc(c.issuedBy),
      esc(officeTimeText(c.issuedAt, timeZone)),
      `${esc(COMMAND_STATES[c.state])}${c.result === undefined ? '' : `: ${esc(c.result)}`}`,
    ]),
    'Команд не было.',
  );
  return `${buttons === '' ? '' : `<div class="commands">${buttons}</div>`}${list}`;
}

/** Content roll-outs: each release with how many of the user's kiosks report each state. */
export function contentPage(
  frame: PageFrame,
  releases: readonly ContentReleaseRecord[],
  states: readonly KioskContentState[],
  timeZone: string,
): string {
  const count = (releaseId: string, state: string) =>
    states.filter((s) => s.releaseId === releaseId && s.state === state).length;
  const audience = (r: ContentReleaseRecord) =>
    r.audience.kind === 'office'
      ? `офис ${r.audience.officeId}`
      : r.audience.kind === 'group'
        ? `группа ${r.audience.group}`
        : 'все терминалы';
  const rows = releases.map((r) => [
    `${esc(r.releaseId)}<br><span class="muted">v${esc(r.version)}</span>`,
    esc(audience(r)),
    `${esc(r.stagePercent)}%${r.haltedAt === undefined ? '' : ' · <span class="state s-critical">остановлен</span>'}${r.restoresRelease === undefined ? '' : `<br><span class="muted">откат к ${esc(r.restoresRelease)}</span>`}`,
    `работают ${count(r.releaseId, 'current')}, проба ${count(r.releaseId, 'trial')}, загрузка ${count(r.releaseId, 'downloading')}, отказ ${count(r.releaseId, 'refused')}, откат ${count(r.releaseId, 'rolled_back')}`,
    esc(officeTimeText(r.createdAt, timeZone)),
  ]);
  return consolePage(
    'Контент',
    frame,
    wideTable(['Выпуск', 'Для кого', 'Этап', 'Терминалы', 'Опубликован'], rows, 'Выпусков контента нет.'),
  );
}

/** What the queue page shows besides the operator's view. */
export interface QueuePageData {
  officeName: string;
  timeZone: string;
  view: OperatorQueueView;
  /** Windows that called someone in the last hour, by queue prefix. */
  windowsByQueue: readonly { prefix: string; windows: number }[];
  now: number;
}

/** The office's queue today: who waits, for how long, which windows are open. */
export function queuePage(frame: PageFrame, data: QueuePageData): string {
  const { view } = data;
  const waitedMinutes = (issuedAt: string) => Math.max(0, Math.floor((data.now - Date.parse(issuedAt)) / 60_000));
  const longest = view.waiting.reduce((max, t) => Math.max(max, waitedMinutes(t.issuedAt)), 0);
  const openWindows = new Set(view.called.map((t) => t.window).filter((w) => w !== undefined));
  const figures = [
    '<div class="card figures">',
    `<div>Ожидают<b>${view.waiting.length}</b></div>`,
    `<div>У окон сейчас<b>${view.called.length}</b></div>`,
    `<div>Окон занято<b>${openWindows.size}</b></div>`,
    `<div>Дольше всех ждёт<b>${longest} мин</b></div>`,
    '</div>',
  ].join('');
  const windows = wideTable(
    ['Очередь', 'Окон вызывали за час'],
    data.windowsByQueue.map((q) => [esc(q.prefix), esc(q.windows)]),
    'За последний час никого не вызывали.',
  );
  const waiting = wideTable(
    ['Талон', 'Услуга', 'Выдан', 'Ждёт'],
    view.waiting.map((t) => [
      `${esc(t.number)}${t.priority ? ' <span class="state s-warning">запись</span>' : ''}`,
      esc(t.serviceName),
      esc(officeTimeText(t.issuedAt, data.timeZone)),
      `${waitedMinutes(t.issuedAt)} мин`,
    ]),
    'Никто не ждёт.',
  );
  const called = wideTable(
    ['Талон', 'Услуга', 'Окно', 'Вызван'],
    view.called.map((t) => [
      esc(t.number),
      esc(t.serviceName),
      esc(t.window ?? '—'),
      esc(officeTimeText(t.calledAt, data.timeZone)),
    ]),
    'Сейчас никого не обслуживают.',
  );
  const body = [
    `<p class="muted">${esc(data.officeName)} · ${esc(view.day)}</p>`,
    figures,
    '<h2>Окна</h2>',
    windows,
    '<h2>Ожидают</h2>',
    waiting,
    '<h2>У окон</h2>',
    called,
  ].join('');
  return consolePage('Очередь сегодня', { ...frame, live: true }, body);
}

const PAYMENT_STATES: Readonly<Record<string, string>> = {
  committed: 'оплачен',
  reversed: 'возвращён',
  declined: 'отклонён',
  cancelled: 'отменён',
  needs_attention: 'нужна проверка',
};

/** The office's payments of the day with the terminals' reconciliations and what needs a person. */
export function paymentsPage(
  frame: PageFrame,
  officeName: string,
  report: PaymentsDailyReport,
  timeZone: string,
): string {
  const figures = [
    '<div class="card figures">',
    `<div>Оплачено<b>${esc(rublesText(report.committed.totalMinor))}</b><span class="muted">${report.committed.count} платежей</span></div>`,
    `<div>Возвращено<b>${esc(rublesText(report.reversed.totalMinor))}</b><span class="muted">${report.reversed.count}</span></div>`,
    `<div>В процессе<b>${report.pending}</b></div>`,
    `<div>Нужна проверка<b>${report.needsAttention + report.disputed.count}</b></div>`,
    '</div>',
  ].join('');
  const reconciliations = wideTable(
    ['Терминал', 'Закрыт', 'Терминал насчитал', 'Хаб насчитал', 'Итог'],
    report.reconciliations.map((r) => [
      esc(r.kioskId),
      esc(officeTimeText(r.closedAt, timeZone)),
      `${r.terminal.count} · ${esc(rublesText(r.terminal.totalMinor))}`,
      `${r.ledger.count} · ${esc(rublesText(r.ledger.totalMinor))}`,
      r.matched
        ? '<span class="state s-ok">сходится</span>'
        : `<span class="state s-critical">расхождение ${r.differenceCount} · ${esc(rublesText(Math.abs(r.differenceMinor)))}</span>`,
    ]),
    'Сверок итогов сегодня ещё не было.',
  );
  const payments = wideTable(
    ['Время', 'Терминал', 'Назначение', 'Сумма', 'Состояние'],
    report.payments.map((p) => [
      esc(officeTimeText(p.createdAt, timeZone)),
      esc(p.kioskId),
      esc(p.title),
      esc(rublesText(p.amountMinor)),
      `${esc(PAYMENT_STATES[p.state] ?? p.state)}${p.disputed === undefined ? '' : ' <span class="state s-critical">не сходится с хабом</span>'}`,
    ]),
    'Платежей сегодня нет.',
  );
  const body = [
    `<p class="muted">${esc(officeName)} · ${esc(report.date)}</p>`,
    figures,
    '<h2>Сверка итогов</h2>',
    reconciliations,
    '<h2>Платежи</h2>',
    payments,
  ].join('');
  return consolePage('Платежи за день', frame, body);
}

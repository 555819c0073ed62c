import { TECHNICIAN_TOKEN_MAX_HOURS } from '../../kiosk-config/src/hub/technician-token';
import { encodeQr, qrSvg } from '../../kiosk-config/src/lib/qr-encoder';
import type { IssuedTechnicianToken, StoredTechnicianAudit } from '../technician/technician-store';
import { consolePage, csrfField, esc, officeTimeText, type PageFrame, wideTable } from './console-html';

/** What the technician-token page offers and shows. */
export interface TechnicianTokenPageData {
  kiosks: readonly { id: string; officeId: string }[];
  offices: readonly { id: string; name: string }[];
  recent: readonly IssuedTechnicianToken[];
  timeZone: string;
  /** The token just issued: its QR code and text are shown once, never stored. */
  issued?: { token: string; record: IssuedTechnicianToken };
  problem?: string;
}

const EVENT_NAMES: Readonly<Record<StoredTechnicianAudit['event'], string>> = {
  entry: 'вход',
  entry_refused: 'вход отклонён',
  action: 'действие',
  exit: 'выход',
};

function scopeText(scope: IssuedTechnicianToken['scope']): string {
  return scope.kind === 'kiosk' ? `терминал ${scope.id}` : `все терминалы офиса ${scope.id}`;
}

/**
 * «QR-код техника»: the form that issues a technician's token (a person, one kiosk or one office,
 * 1–12 hours), the token just issued as a QR code to show the kiosk's scanner (and its text, to
 * send), and the tokens issued lately (never their text).
 */
export function technicianTokenPage(frame: PageFrame, data: TechnicianTokenPageData): string {
  const options = [
    ...data.kiosks.map((k) => `<option value="kiosk:${esc(k.id)}">Терминал ${esc(k.id)} (${esc(k.officeId)})</option>`),
    ...data.offices.map((o) => `<option value="office:${esc(o.id)}">Все терминалы офиса ${esc(o.name)}</option>`),
  ].join('');
  const form = [
    '<form method="post" action="/console/technician-tokens" class="card">',
    csrfField(frame.csrfToken),
    '<label>Техник (фамилия и инициалы) <input name="person" required maxlength="80" autocomplete="off"></label> ',
    `<label>Где <select name="scope" required>${options}</select></label> `,
    `<label>Часов <input name="hours" value="8" inputmode="numeric" size="3" required></label> `,
    '<button type="submit">Выдать QR-код</button>',
    '</form>',
  ].join('');
  const issued = data.issued
    ? [
        '<section class="card" data-testid="technician-token-issued">',
        `<p>QR-код для <b>${esc(data.issued.record.person)}</b>: ${esc(scopeText(data.issued.record.scope))}, действует до ${esc(officeTimeText(data.issued.record.expiresAt, data.timeZone))}. Покажите его сканеру терминала с телефона или на распечатке. Он показан один раз.</p>`,
        `<div class="qr">${qrSvg(encodeQr(data.issued.token), 5, `QR-код техника ${data.issued.record.person}`)}</div>`,
        `<p class="muted">Текст кода: <code data-testid="technician-token-text">${esc(data.issued.token)}</code></p>`,
        '</section>',
      ].join('')
    : '';
  const problem = data.problem === undefined ? '' : `<p class="error" role="alert">${esc(data.problem)}</p>`;
  const recent = wideTable(
    ['Кому', 'Где', 'Выдан', 'До', 'Кем'],
    data.recent.map((t) => [
      esc(t.person),
      esc(scopeText(t.scope)),
      esc(officeTimeText(t.issuedAt, data.timeZone)),
      esc(officeTimeText(t.expiresAt, data.timeZone)),
      esc(t.issuer),
    ]),
    'QR-коды техников ещё не выдавались.',
  );
  const body = [
    problem,
    issued,
    `<p>Код пропускает в режим обслуживания терминала (или всех терминалов офиса) не дольше ${TECHNICIAN_TOKEN_MAX_HOURS} часов. Терминал проверяет его без связи с центром.</p>`,
    form,
    '<h2>Выданные коды</h2>',
    recent,
  ].join('');
  return consolePage('QR-код техника', frame, body);
}

/** The kiosk page's part: its last technician audit lines (who came, how, what they did, how they left). */
export function technicianAuditPart(entries: readonly StoredTechnicianAudit[], timeZone: string): string {
  return wideTable(
    ['Когда', 'Событие', 'Кто', 'Подробности'],
    entries.map((e) => [
      esc(officeTimeText(e.at, timeZone)),
      esc(EVENT_NAMES[e.event]),
      esc(e.person ?? '—'),
      esc(
        [
          e.method === undefined ? '' : e.method === 'qr' ? 'по QR-коду' : 'по PIN',
          e.action ?? '',
          e.reason ?? '',
          ...Object.entries(e.detail ?? {}).map(([key, value]) => `${key}: ${String(value)}`),
        ]
          .filter((part) => part !== '')
          .join(', '),
      ),
    ]),
    'Техники на этом терминале не работали.',
  );
}

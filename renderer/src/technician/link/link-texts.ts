import type { TechnicianLinkView } from '../../../../kiosk-config/src/index';

type ContentStateName = NonNullable<TechnicianLinkView['content']['state']>;

/** Seconds with one decimal, Russian style («0,3 с»). */
function seconds(ms: number): string {
  return `${(Math.abs(ms) / 1000).toFixed(1).replace('.', ',')} с`;
}

/** A duration in words: «2 ч 5 мин», «3 мин 20 с», «40 с». */
export function durationText(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (days > 0) return hours > 0 ? `${days} дн ${hours} ч` : `${days} дн`;
  if (hours > 0) return minutes > 0 ? `${hours} ч ${minutes} мин` : `${hours} ч`;
  if (minutes > 0) return secs > 0 ? `${minutes} мин ${secs} с` : `${minutes} мин`;
  return `${secs} с`;
}

/** How long ago: «только что», «5 мин назад». */
export function agoText(atIso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(atIso);
  return ms < 5000 ? 'только что' : `${durationText(ms)} назад`;
}

/** The clock's offset to the hub, in words, with its uncertainty. Positive offset: the kiosk is behind. */
export function offsetText(offsetMs: number, uncertaintyMs: number): string {
  const within = `± ${seconds(uncertaintyMs)}`;
  if (Math.abs(offsetMs) <= Math.max(uncertaintyMs, 1000))
    return `Часы верны (расхождение меньше ${seconds(Math.max(uncertaintyMs, 1000))})`;
  const way = offsetMs > 0 ? 'отстают' : 'спешат';
  return `Часы терминала ${way} на ${Math.abs(offsetMs) < 60_000 ? seconds(offsetMs) : durationText(offsetMs)} (${within})`;
}

/** The hub link's state in words. */
export function circuitText(hub: TechnicianLinkView['hub']): string {
  if (!hub.configured) return 'Адрес центра не задан';
  if (hub.circuit === 'closed') return 'Центр на связи';
  if (hub.circuit === 'open') return 'Нет связи с центром';
  return 'Связь проверяется';
}

const CONTENT_STATES: Record<ContentStateName, string> = {
  current: 'действует',
  downloading: 'загружается',
  trial: 'на испытании',
  rolled_back: 'возвращена прежняя (откат)',
  refused: 'отклонена',
  stale: 'устарела (нет связи с центром)',
};

/** The content release's state in words. */
export function contentStateText(state: ContentStateName): string {
  return CONTENT_STATES[state];
}

/** A size in bytes, short: «14,5 ГБ», «300 КБ». */
export function sizeText(bytes: number): string {
  const units = ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace('.', ',');
  return `${shown} ${units[unit]}`;
}

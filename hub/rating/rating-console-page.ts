import { LOW_SCORE_MAX, RATING_REASONS } from '../../kiosk-config/src/hub/rating-api';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import { consolePage, esc, type PageFrame, wideTable } from '../console/console-html';
import type { HubRepository, OfficeRecord } from '../db/hub-repository';
import { addDays } from '../server/queue/office-clock';
import type { RatingGroup, RatingStore } from './rating-store';
import { dayRu, REASON_NAMES_RU } from './rating-texts';

/** What the console's ratings page of an office shows. */
export interface RatingsPageData {
  officeName: string;
  fromDay: string;
  toDay: string;
  groups: readonly RatingGroup[];
  /** A service's name by its id (the id itself for one no longer in the catalogue). */
  serviceName: (serviceId: string) => string;
}

/** The average score of `count` ratings summing to `scoreSum`: «4,3». */
function averageText({ count, scoreSum }: Pick<RatingGroup, 'count' | 'scoreSum'>): string {
  return new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    scoreSum / count,
  );
}

/** The reasons chosen, each with how often as a shortcoming (score 1–3) and as a strength (4–5). */
function reasonsText(group: RatingGroup, side: 'low' | 'high'): string {
  const lines = RATING_REASONS.flatMap((reason) => {
    const count = group.reasons[reason]?.[side] ?? 0;
    return count > 0 ? [`${esc(REASON_NAMES_RU[reason])}: ${count}`] : [];
  });
  return lines.length > 0 ? lines.join('<br>') : '<span class="muted">—</span>';
}

/**
 * The office's ratings (docs/accessibility/rating.md) by service and window over the days shown:
 * how many, the average score, and the reasons chosen as shortcomings and as strengths. Counts
 * only: nothing about a visitor or a ticket is shown, because nothing of it is kept.
 */
export function ratingsPage(frame: PageFrame, data: RatingsPageData): string {
  const all = data.groups.reduce(
    (sum, group) => ({ count: sum.count + group.count, scoreSum: sum.scoreSum + group.scoreSum }),
    {
      count: 0,
      scoreSum: 0,
    },
  );
  const rows = data.groups.map((group) => [
    esc(data.serviceName(group.serviceId)),
    esc(group.window ?? '—'),
    String(group.count),
    averageText(group),
    reasonsText(group, 'low'),
    reasonsText(group, 'high'),
  ]);
  const body = [
    `<p class="muted">${esc(data.officeName)} · с ${esc(dayRu(data.fromDay))} по ${esc(dayRu(data.toDay))}` +
      (all.count > 0 ? ` · оценок: ${all.count}, средняя ${averageText(all)}` : '') +
      '</p>',
    wideTable(
      [
        'Услуга',
        'Окно',
        'Оценок',
        'Средняя',
        `Что было не так (оценки 1–${LOW_SCORE_MAX})`,
        `Что понравилось (оценки ${LOW_SCORE_MAX + 1}–5)`,
      ],
      rows,
      'За эти дни оценок нет.',
    ),
    '<p class="muted">Оценки анонимны: хранятся только офис, услуга, окно, день визита, оценка и причины.</p>',
  ].join('');
  return consolePage('Оценки обслуживания', frame, body);
}

/** How many office days the page covers, today included. */
export const RATINGS_PAGE_DAYS = 30;

/** The page's data for an office: its last `RATINGS_PAGE_DAYS` office days. */
export async function ratingsPageData(
  deps: { ratings: RatingStore; repository: HubRepository; timeZone: string; now: () => number },
  office: OfficeRecord,
): Promise<RatingsPageData> {
  const toDay = officeDate(new Date(deps.now()), office.timeZone ?? deps.timeZone);
  const fromDay = addDays(toDay, -(RATINGS_PAGE_DAYS - 1));
  const catalogue = await deps.repository.findOfficeCatalogue(office.id);
  return {
    officeName: office.name,
    fromDay,
    toDay,
    groups: await deps.ratings.summarize(office.id, fromDay, toDay),
    serviceName: (serviceId) => catalogue?.services.find((service) => service.id === serviceId)?.name ?? serviceId,
  };
}

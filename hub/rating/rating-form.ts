import { RATING_REASONS, type RatingOffer } from '../../kiosk-config/src/hub/rating-api';
import { escapeHtml } from '../server/html-document';
import { dayRu, REASON_NAMES_RU, SCORE_NAMES_RU } from './rating-texts';

/**
 * The follow page's rating part (plain HTML, no script): after the visit, a form of the score 1–5
 * and the ИАС МКГУ criteria as reasons, posted to `/q/<token>/rating`; once rated, the thanks.
 * The criteria are asked without knowing the score yet (no script): the score tells later whether
 * a reason was a shortcoming (1–3) or a strength (4–5). Pure.
 */

/** Its styles, added to the follow page's stylesheet (which its CSP allows by hash). */
export const RATING_FORM_STYLE = `
.rating{text-align:left;background:#fff;border-radius:.75rem;padding:1rem;margin:1.5rem 0}
.rating h2{font-size:1.4rem;margin:0 0 .5rem;text-align:center}
.rating fieldset{border:0;padding:0;margin:0 0 1rem}
.rating legend{font-size:1.15rem;font-weight:600;margin-bottom:.5rem}
.scores{display:flex;gap:.4rem}
.scores label{flex:1;display:flex;flex-direction:column;align-items:center;font-size:.8rem;text-align:center;border:2px solid #8a857b;border-radius:.6rem;padding:.4rem .1rem;min-height:3.5rem}
.scores label span{font-size:1.6rem;font-weight:700}
.scores input{width:1.4rem;height:1.4rem;margin:0 0 .2rem}
.reason{display:flex;gap:.6rem;align-items:flex-start;font-size:1.05rem;padding:.5rem 0;min-height:2.75rem}
.reason input{width:1.6rem;height:1.6rem;flex:none}
.rating button{width:100%;font-size:1.25rem;font-weight:600;padding:1rem;border:0;border-radius:.75rem;background:#1f4f8f;color:#fff}
.thanks{font-size:1.4rem;font-weight:600;background:#e3f1e7;border-radius:.75rem;padding:1rem;margin:1.5rem 0}
.problem{color:#8f1f1f;font-weight:600}
`.trim();

/** The form's action for a token. */
export function ratingAction(token: string): string {
  return `/q/${encodeURIComponent(token)}/rating`;
}

/** The rating part of a ticket's follow page for its offer; empty when there is nothing to rate. */
export function renderRatingPart(offer: RatingOffer, token: string, problem?: string): string {
  if (offer.outcome === 'already_rated') return renderRatingThanks();
  if (offer.outcome !== 'open') return '';
  const scores = SCORE_NAMES_RU.map(
    (name, index) =>
      `<label><input type="radio" name="score" value="${index + 1}" required><span>${index + 1}</span>${escapeHtml(name)}</label>`,
  ).join('');
  const reasons = RATING_REASONS.map(
    (reason) =>
      `<label class="reason"><input type="checkbox" name="reason" value="${reason}">${escapeHtml(REASON_NAMES_RU[reason])}</label>`,
  ).join('');
  return [
    `<form class="rating" method="post" action="${escapeHtml(ratingAction(token))}">`,
    '<h2>Оцените, как вас обслужили</h2>',
    ...(problem === undefined ? [] : [`<p class="problem" role="alert">${escapeHtml(problem)}</p>`]),
    '<fieldset><legend>Ваша оценка, от 1 до 5</legend>',
    `<div class="scores">${scores}</div></fieldset>`,
    '<fieldset><legend>Что повлияло на оценку? (можно не отмечать)</legend>',
    reasons,
    '</fieldset>',
    '<button type="submit">Отправить оценку</button>',
    `<p class="note">Оценка анонимна: о вас ничего не сохраняется. Оценить можно до ${escapeHtml(dayRu(offer.lastDay))} включительно, один раз.</p>`,
    '</form>',
  ].join('\n');
}

/** The thanks, once the ticket was rated. */
export function renderRatingThanks(): string {
  return '<p class="thanks" role="status">Спасибо за оценку! Она поможет сделать центр лучше.</p>';
}

import { createHash } from 'node:crypto';
import type { WaitEstimate } from '../../../kiosk-config/src/hub/queue-api';
import { htmlDocument } from '../html-document';

/**
 * What the hub's public pages share (the follow page, the office load pages): a small HTML
 * document in Russian with one inline stylesheet and nothing else, its Content-Security-Policy,
 * and the Russian words they need. Pure.
 */

/**
 * A page's Content-Security-Policy: nothing may load or run; only its own inline stylesheet,
 * allowed by hash (no `unsafe-inline`). Meta refresh is not script, so it still works. Forms post
 * nowhere unless the page has one of its own (`formsToSelf`).
 */
export function publicPageCsp(style: string, options: { formsToSelf?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`,
    "base-uri 'none'",
    // A page with a form (the follow page's rating) may post to the hub itself, nowhere else.
    options.formsToSelf === true ? "form-action 'self'" : "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `1 человек`, `2 человека`, `5 человек`: the Russian plural for a count. */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  const tens = n % 100;
  const units = n % 10;
  if (units === 1 && tens !== 11) return one;
  if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return few;
  return many;
}

/** «10–20 минут», «до 5 минут». */
export function waitRangeRu(wait: WaitEstimate): string {
  const unit = pluralRu(wait.maxMinutes, 'минута', 'минуты', 'минут');
  return wait.minMinutes === 0 ? `до ${wait.maxMinutes} ${unit}` : `${wait.minMinutes}–${wait.maxMinutes} ${unit}`;
}

/** What a public page is made of; `body` is HTML already escaped. */
export interface PublicPage {
  title: string;
  body: string;
  /** The page's stylesheet: the one its CSP (`publicPageCsp`) allows. */
  style: string;
  /** Reload every this many seconds (meta refresh); none when absent. */
  refreshSeconds?: number;
}

/** The document of a public page: the hub's HTML document with no referrer, its one stylesheet, and the body in `<main>`. */
export function renderPublicPage(page: PublicPage): string {
  return htmlDocument({
    title: page.title,
    referrer: 'no-referrer',
    head: [
      ...(page.refreshSeconds === undefined ? [] : [`<meta http-equiv="refresh" content="${page.refreshSeconds}">`]),
      `<style>${page.style}</style>`,
    ],
    body: `<main>${page.body}</main>`,
  });
}

import type { FastifyBaseLogger } from 'fastify';
import { isFollowToken } from '../../kiosk-config/src/hub/follow-link';
import type { OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import { hubEndpoints } from '../../kiosk-config/src/hub/hub-endpoints';
import { RATING_OUTBOX_KIND, RatingInput, RatingOutboxItem } from '../../kiosk-config/src/hub/rating-api';
import { hashSecret } from '../server/credentials';
import type { AuthenticatedKiosk, KioskAuth } from '../server/kiosk-auth';
import type { HubFastify } from '../server/routes/hub-routes';
import { publicHtmlReply } from '../server/routes/public-html';
import { registerEndpoint } from '../server/routes/register-endpoint';
import type { RatingService } from './rating-service';

/** The largest rating form read (bytes): a score and five reasons take under 200. */
const FORM_LIMIT_BYTES = 1024;

/** The follow page's rating form as posted: a score and the reasons ticked, or why it cannot be taken. */
export function parseRatingForm(body: string): { ok: true; rating: RatingInput } | { ok: false } {
  const fields = new URLSearchParams(body);
  const score = fields.get('score');
  const parsed = RatingInput.safeParse({
    score: score !== null && /^[1-5]$/.test(score) ? Number(score) : Number.NaN,
    reasons: fields.getAll('reason'),
  });
  return parsed.success ? { ok: true, rating: parsed.data } : { ok: false };
}

/** What the rating routes need. */
export interface RatingRoutesOptions {
  ratings: RatingService;
  auth: KioskAuth;
  /** Answers the follow page again with the form's problem (400): the route composes the page. */
  formProblemPage: (token: string, problem: string) => Promise<string | undefined>;
  formPageCsp: string;
}

/**
 * Rating a visit (docs/accessibility/rating.md): the follow page's form (`POST /q/:token/rating`,
 * the token in the path is the key: no other site knows it, so no cross-site post can be made)
 * and the kiosks' offer and rating (kiosk authentication, the follow token read from the QR).
 */
export function registerRatingRoutes(app: HubFastify, options: RatingRoutesOptions): void {
  const { ratings, auth } = options;
  // The form is the hub's only urlencoded body outside the console: parsed in its own scope only.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
      (_request, body, done) => done(null, String(body)),
    );
    registerEndpoint(scope as HubFastify, hubEndpoints.followRating, {}, async (request, reply) => {
      const { token } = request.params;
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const form = typeof request.body === 'string' ? parseRatingForm(request.body) : { ok: false as const };
      if (!form.ok) {
        const page = isFollowToken(token)
          ? await options.formProblemPage(token, 'Выберите оценку от 1 до 5 и отправьте ещё раз.')
          : undefined;
        if (page === undefined) return reply.redirect(`/q/${encodeURIComponent(token)}`, 303);
        return publicHtmlReply(reply, options.formPageCsp, 'no-store').code(400).send(page);
      }
      if (isFollowToken(token)) await ratings.submit(hashSecret(token), form.rating, 'follow_page');
      // Whatever it ended with (thanks, already rated, too late), the follow page says it.
      return reply.redirect(`/q/${encodeURIComponent(token)}`, 303);
    });
  });

  registerEndpoint(app, hubEndpoints.kioskRatingOffer, { kiosk: auth }, async (request, reply) =>
    reply.send(await ratings.offer(hashSecret(request.body.followToken), auth.kioskOf(request).officeId)),
  );

  registerEndpoint(app, hubEndpoints.kioskRating, { kiosk: auth }, async (request, reply) => {
    const { followToken, score, reasons } = request.body;
    const { officeId } = auth.kioskOf(request);
    return reply.send(await ratings.submit(hashSecret(followToken), { score, reasons }, 'kiosk', officeId));
  });
}

/**
 * Takes the ratings kiosks delivered through their outbox (newly stored items only, in order).
 * A rating that cannot be taken (already rated, too late) is logged and dropped: the batch never fails for it.
 */
export function ratingOutboxRecorder(ratings: RatingService) {
  return async (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], log: FastifyBaseLogger): Promise<void> => {
    for (const item of items) {
      if (item.kind !== RATING_OUTBOX_KIND) continue;
      const parsed = RatingOutboxItem.safeParse(item.payload);
      if (!parsed.success) continue;
      const answer = await ratings.submitFromOutbox(parsed.data, kiosk.officeId);
      if (answer.outcome !== 'stored')
        log.info({ itemId: item.id, outcome: answer.outcome }, 'outbox rating not taken');
    }
  };
}

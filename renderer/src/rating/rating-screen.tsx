import { useState } from 'react';
import {
  isLowScore,
  type KioskRatingOffer,
  type KioskRatingOutcome,
  RATING_REASONS,
  type RatingReason,
} from '../../../kiosk-config/src/index';
import { useKioskApi } from '../api/kiosk-api-context';
import type { MessageKey } from '../i18n/catalog';
import { useT } from '../i18n/use-t';
import { ToggleButton } from '../ui/keypad';
import { Screen } from '../ui/screen';

/** Props of the rating screen. */
export interface RatingScreenProps {
  /** What the scanned ticket may be rated for (never `not_a_ticket`: nothing opens then). */
  offer: Exclude<KioskRatingOffer, { outcome: 'not_a_ticket' }>;
  /** Ends the visit («Готово», «На главную»): the shell resets the session. */
  onHome: () => void;
}

const SCORES = [1, 2, 3, 4, 5] as const;

/** The sentence for an offer or a rating that cannot be taken, or for the rating taken. */
const OUTCOME_MESSAGES: Readonly<Record<Exclude<KioskRatingOutcome, 'stored' | 'queued'>, MessageKey>> = {
  already_rated: 'rating.alreadyRated',
  not_yet: 'rating.notYet',
  closed: 'rating.closed',
  not_found: 'rating.notFound',
};

/**
 * Rating the visit at the kiosk, after the ticket's QR was scanned on the home screen: the score
 * 1–5 as five big buttons, then the reasons of ИАС МКГУ as toggles (what went wrong for 1–3,
 * what was good for 4–5; none is required), then «Отправить оценку»; the thanks. An offer that
 * cannot be rated (not yet, already, too late) says so in one sentence.
 */
export function RatingScreen({ offer, onHome }: RatingScreenProps) {
  const api = useKioskApi();
  const t = useT();
  const [score, setScore] = useState<number | null>(null);
  const [reasons, setReasons] = useState<readonly RatingReason[]>([]);
  const [sent, setSent] = useState<KioskRatingOutcome | 'sending' | null>(null);
  // The kiosk could neither reach the hub nor keep the rating for it: said, and the score kept to try again.
  const [unsent, setUnsent] = useState(false);

  const ended = offer.outcome === 'open' || offer.outcome === 'offline' ? sent : offer.outcome;
  if (ended !== null && ended !== 'sending') {
    const thanked = ended === 'stored' || ended === 'queued';
    return (
      <Screen testId="screen-rating" title={t('rating.title')} onHome={onHome} variant="centered">
        <p className="rating-message" data-testid="rating-message" role="status">
          {thanked ? t('rating.thanks') : t(OUTCOME_MESSAGES[ended])}
        </p>
        {thanked && <p className="rating-note">{t('rating.thanksNote')}</p>}
        {ended === 'queued' && <p className="rating-note">{t('rating.queued')}</p>}
        <button type="button" className="button button-primary rating-done" data-testid="rating-done" onClick={onHome}>
          {t('common.done')}
        </button>
      </Screen>
    );
  }

  const choose = (next: number) => {
    // The reasons mean shortcomings for a low score and strengths for a high one: a switch clears them.
    if (score !== null && isLowScore(score) !== isLowScore(next)) setReasons([]);
    setScore(next);
  };
  const toggle = (reason: RatingReason) =>
    setReasons((chosen) => (chosen.includes(reason) ? chosen.filter((r) => r !== reason) : [...chosen, reason]));
  const send = async () => {
    if (score === null || sent === 'sending') return;
    setSent('sending');
    const answer = await api.call('rating.submit', { score, reasons: [...reasons] });
    setUnsent(!answer.ok);
    setSent(answer.ok ? answer.value.outcome : null);
  };

  return (
    <Screen testId="screen-rating" title={t('rating.title')} onHome={onHome} className="rating-screen">
      {offer.outcome === 'open' && (
        <p className="rating-visit" data-testid="rating-visit">
          {t('rating.visit', { number: offer.number, service: offer.serviceName })}
          {offer.window !== undefined && <span> · {t('rating.window', { window: offer.window })}</span>}
        </p>
      )}
      <fieldset className="rating-group">
        <legend>{t('rating.scoreLegend')}</legend>
        <div className="rating-scores">
          {SCORES.map((value) => (
            <ToggleButton
              key={value}
              className="button rating-score"
              testId={`rating-score-${value}`}
              pressed={score === value}
              label={`${value} — ${t(`rating.score${value}`)}`}
              onPress={() => choose(value)}
            >
              {value}
            </ToggleButton>
          ))}
        </div>
        {/* The scale's two ends, and the word of the score chosen: five words would not fit in a row at 28 px. */}
        <p className="rating-scale" aria-hidden="true">
          <span>{t('rating.score1')}</span>
          <span>{t('rating.score5')}</span>
        </p>
        {score !== null && (
          <p className="rating-chosen" data-testid="rating-chosen">
            {score} — {t(`rating.score${score as (typeof SCORES)[number]}`)}
          </p>
        )}
      </fieldset>
      {score !== null && (
        <fieldset className="rating-group">
          <legend>{isLowScore(score) ? t('rating.reasonsLow') : t('rating.reasonsHigh')}</legend>
          <div className="rating-reasons">
            {RATING_REASONS.map((reason) => (
              <ToggleButton
                key={reason}
                className="button rating-reason"
                testId={`rating-reason-${reason}`}
                pressed={reasons.includes(reason)}
                onPress={() => toggle(reason)}
              >
                {t(`rating.reason.${reason}`)}
              </ToggleButton>
            ))}
          </div>
        </fieldset>
      )}
      <button
        type="button"
        className="button button-primary rating-send"
        data-testid="rating-send"
        disabled={score === null || sent === 'sending'}
        onClick={() => void send()}
      >
        {sent === 'sending' ? t('rating.sending') : t('rating.send')}
      </button>
      {unsent && (
        <p className="notice-problem rating-note" data-testid="rating-unsent" role="alert">
          {t('rating.unsent')}
        </p>
      )}
      <p className="rating-note">{t('rating.anonymous')}</p>
    </Screen>
  );
}

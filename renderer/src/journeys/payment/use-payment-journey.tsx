import { type ReactElement, useCallback, useEffect, useRef } from 'react';
import { useVisitorPreferences } from '../../access/visitor-preferences';
import type { JourneyControl } from '../journey-control';
import type { JourneyScreen } from '../journey-state';
import { useSingleFlight } from '../single-flight';
import { PayCardScreen } from './pay-card-screen';
import { PayChoiceScreen } from './pay-choice-screen';
import { PayConfirmScreen } from './pay-confirm-screen';
import { PayFeesScreen } from './pay-fees-screen';
import { PayResultScreen } from './pay-result-screen';
import { PayUinCheckingScreen } from './pay-uin-checking-screen';
import { PayUinOutcomeScreen } from './pay-uin-outcome-screen';
import { PayUinScreen } from './pay-uin-screen';
import {
  canCancelPayment,
  isPaymentInProgress,
  isPayScreen,
  listensForUinScan,
  noAnswerDueMs,
  PAYMENT_POLL_MS,
  payableFees,
  scannedUin,
  typedUin,
  type UinRequest,
} from './payment-journey';
import type { PayRemedy, UinRemedy } from './payment-texts';

/** What the payment journey needs from the page. */
export interface PaymentJourneyLinks {
  /** The office's time zone, for the time of payment on the result. */
  timeZone: string | undefined;
  /**
   * Told whether a card payment's screen shows (from «Оплатить картой» until its end is shown).
   * The main side holds the session meanwhile by itself; the page only keeps its own fallback
   * reset out of the way (see `useSession`).
   */
  onPaymentOnScreen: ((onScreen: boolean) => void) | undefined;
}

/** The payment journey's calls and screens. */
export interface PaymentJourney {
  /** «Оплатить госпошлину»: the choice, the fees and the terminal's readiness asked afresh. */
  open: () => void;
  /** The current screen's element if it is one of this journey's, else `null`. */
  render: (screen: JourneyScreen) => ReactElement | null;
}

/**
 * «Оплатить госпошлину»: a fee from the list or a bill by its УИН (typed or scanned), the amount
 * confirmed, the card payment started once however many taps come, the terminal's prompts, «Отмена»,
 * and the end, followed by events, by polling `payments.state`, and by the screen's own bound
 * on a silent terminal.
 */
export function usePaymentJourney(
  { api, state, dispatch, screenRef, onHome }: JourneyControl,
  { timeZone, onPaymentOnScreen }: PaymentJourneyLinks,
): PaymentJourney {
  const resolvingUin = useSingleFlight();
  const startingPayment = useSingleFlight();
  // The receipt's labels print in the visitor's language where the printer can print it.
  const { language } = useVisitorPreferences().preferences;
  const cancellingPayment = useSingleFlight();
  // Numbers each УИН lookup, so the answer of one the visitor has left is dropped.
  const uinChecks = useRef(0);

  const loadFees = useCallback(async () => {
    dispatch({ type: 'pay-fees-loading' });
    const result = await api.call('payments.fees', {});
    dispatch({ type: 'pay-fees-answered', result });
  }, [api, dispatch]);

  const open = useCallback(() => {
    dispatch({ type: 'open-pay' });
    void loadFees();
  }, [dispatch, loadFees]);

  /** Looks the bill up once, however many taps or scans come meanwhile; a late answer is dropped. */
  const resolveUin = useCallback(
    async (request: UinRequest) => {
      if (screenRef.current.name === 'pay-uin-checking') return;
      await resolvingUin(async () => {
        uinChecks.current += 1;
        const checkId = uinChecks.current;
        dispatch({ type: 'uin-check', checkId, request });
        const result = await api.call('payments.resolveUin', { text: request.text });
        dispatch({ type: 'uin-answered', checkId, result });
      });
    },
    [api, dispatch, screenRef, resolvingUin],
  );

  /** «Оплатить картой»: starts one payment of exactly the amount the confirm screen showed. */
  const startPayment = useCallback(async () => {
    const screen = screenRef.current;
    if (screen.name !== 'pay-confirm') return;
    const { subject, amountMinor } = screen.payable;
    await startingPayment(async () => {
      dispatch({ type: 'pay-starting' });
      const result = await api.call('payments.start', { subject, amountMinor, language });
      dispatch({ type: 'pay-started', result });
    });
  }, [api, dispatch, screenRef, startingPayment, language]);

  /** «Отмена» on the card screen, while the terminal still takes an abort. */
  const cancelPayment = useCallback(async () => {
    const screen = screenRef.current;
    if (screen.name !== 'pay-card' || screen.step.phase !== 'running' || !canCancelPayment(screen.step)) return;
    const { paymentId } = screen.step;
    await cancellingPayment(async () => {
      dispatch({ type: 'pay-cancel-asked' });
      const result = await api.call('payments.cancel', { paymentId });
      dispatch({ type: 'pay-cancel-answered', paymentId, accepted: result.ok ? result.value.accepted : null });
    });
  }, [api, dispatch, screenRef, cancellingPayment]);

  // The terminal's prompts and the end, while the card screen shows. Each event names its
  // payment: the reducer ignores another payment's and any that come after the end.
  const onCardScreen = state.screen.name === 'pay-card';
  useEffect(() => {
    if (!onCardScreen) return;
    const offProgress = api.on('payment.progress', ({ paymentId, stage, text, cardRead }) =>
      dispatch({ type: 'pay-progress', paymentId, stage, text, cardRead }),
    );
    const offFinished = api.on('payment.finished', ({ paymentId, end }) =>
      dispatch({ type: 'pay-finished', paymentId, end }),
    );
    return () => {
      offProgress();
      offFinished();
    };
  }, [api, dispatch, onCardScreen]);

  // `payments.state` at once when the payment runs (events sent before `payments.start` answered
  // reached nobody) and then every few seconds, in case an event was lost (a reconnect, a reload
  // of the host). One question at a time; the answer is applied only to the same payment.
  const runningPaymentId =
    state.screen.name === 'pay-card' && state.screen.step.phase === 'running' ? state.screen.step.paymentId : null;
  useEffect(() => {
    if (runningPaymentId === null) return;
    const paymentId = runningPaymentId;
    let asking = false;
    const ask = async () => {
      if (asking) return;
      asking = true;
      try {
        const result = await api.call('payments.state', { paymentId });
        dispatch({ type: 'pay-state', paymentId, result });
      } finally {
        asking = false;
      }
    };
    void ask();
    const poll = setInterval(() => void ask(), PAYMENT_POLL_MS);
    return () => clearInterval(poll);
  }, [api, dispatch, runningPaymentId]);

  // The screen's own bound on a silent terminal before the card (`noAnswerDueMs`), restarted by
  // every change of the step: the main side normally ends the payment first (`no_answer`); if it
  // went quiet too, the screen says so itself from the main side's last word, and asks it to abort.
  const cardStep = state.screen.name === 'pay-card' ? state.screen.step : null;
  const noAnswerDue = cardStep === null ? null : noAnswerDueMs(cardStep);
  const cardStepKey =
    cardStep?.phase === 'running'
      ? `${cardStep.paymentId} ${cardStep.stage} ${cardStep.cancel} ${cardStep.cardRead}`
      : '';
  const silentPaymentId = cardStep?.phase === 'running' ? cardStep.paymentId : null;
  useEffect(() => {
    if (noAnswerDue === null || silentPaymentId === null || cardStepKey === '') return;
    const paymentId = silentPaymentId;
    const timer = setTimeout(() => {
      dispatch({ type: 'pay-no-answer', paymentId });
      void api.call('payments.cancel', { paymentId });
    }, noAnswerDue);
    return () => clearTimeout(timer);
  }, [api, dispatch, noAnswerDue, silentPaymentId, cardStepKey]);

  // The page is told while the payment's screen shows (see `onPaymentOnScreen`).
  const paymentOnScreen = isPaymentInProgress(state.screen);
  const onPaymentOnScreenRef = useRef(onPaymentOnScreen);
  onPaymentOnScreenRef.current = onPaymentOnScreen;
  useEffect(() => {
    onPaymentOnScreenRef.current?.(paymentOnScreen);
  }, [paymentOnScreen]);
  useEffect(() => () => onPaymentOnScreenRef.current?.(false), []);

  // A bill's QR is listened to on the УИН keypad and on a lookup's outcome only.
  const listening = listensForUinScan(state.screen);
  useEffect(() => {
    if (!listening) return;
    return api.on('scanner.scanned', ({ text, kind }) => {
      const screen = screenRef.current;
      if (!isPayScreen(screen)) return;
      const scanned = scannedUin(screen, text, kind);
      if (scanned === 'rejected') dispatch({ type: 'uin-scan-rejected' });
      else if (scanned !== null) void resolveUin(scanned);
    });
  }, [api, dispatch, screenRef, listening, resolveUin]);

  const back = () => dispatch({ type: 'back' });
  const { fees } = state;

  const render = (screen: JourneyScreen): ReactElement | null => {
    switch (screen.name) {
      case 'pay':
        return (
          <PayChoiceScreen
            fees={fees}
            onList={() => dispatch({ type: 'pay-choose-list' })}
            onUin={() => dispatch({ type: 'pay-choose-uin' })}
            onRetry={() => void loadFees()}
            onHome={onHome}
          />
        );
      case 'pay-fees':
        return (
          <PayFeesScreen
            fees={payableFees(fees) ?? []}
            onChoose={(fee) => dispatch({ type: 'pay-choose-fee', fee })}
            onBack={back}
            onHome={onHome}
          />
        );
      case 'pay-uin':
        return (
          <PayUinScreen
            screen={screen}
            onKey={(press) => dispatch({ type: 'uin-key', press })}
            onSubmit={() => {
              const request = typedUin(screen);
              if (request !== null) void resolveUin(request);
            }}
            onBack={back}
            onHome={onHome}
          />
        );
      case 'pay-uin-checking':
        return <PayUinCheckingScreen onHome={onHome} />;
      case 'pay-uin-outcome': {
        const remedies: Record<UinRemedy, () => void> = {
          edit: () => dispatch({ type: 'uin-edit' }),
          'to-list': () => dispatch({ type: 'pay-choose-list' }),
          retry: () => void resolveUin(screen.request),
          done: onHome,
        };
        return (
          <PayUinOutcomeScreen
            outcome={screen.outcome}
            listOffered={(payableFees(fees)?.length ?? 0) > 0}
            onRemedy={(remedy) => remedies[remedy]()}
            onHome={onHome}
          />
        );
      }
      case 'pay-confirm':
        return (
          <PayConfirmScreen
            payable={screen.payable}
            onConfirm={() => void startPayment()}
            onCancel={back}
            onHome={onHome}
          />
        );
      case 'pay-card':
        return <PayCardScreen payable={screen.payable} step={screen.step} onCancel={() => void cancelPayment()} />;
      case 'pay-result': {
        const remedies: Record<PayRemedy, () => void> = {
          again: () => dispatch({ type: 'pay-again' }),
          done: onHome,
        };
        return (
          <PayResultScreen
            result={screen.result}
            timeZone={timeZone}
            onRemedy={(remedy) => remedies[remedy]()}
            onHome={onHome}
          />
        );
      }
      default:
        return null;
    }
  };

  return { open, render };
}

import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { CallInput, ErrorCode } from '../../../kiosk-config/src/index';
import { useKioskApi } from '../api/kiosk-api-context';
import type { PrinterReadiness } from '../devices/printer-readiness';
import { BookingCheckingScreen } from '../screens/booking-checking-screen';
import { BookingEntryScreen } from '../screens/booking-entry-screen';
import { BookingOnlyScreen } from '../screens/booking-only-screen';
import { BookingOutcomeScreen } from '../screens/booking-outcome-screen';
import { CategoriesScreen } from '../screens/categories-screen';
import { ConfirmScreen } from '../screens/confirm-screen';
import { DocumentsPreviewScreen } from '../screens/documents-preview-screen';
import { HomeScreen } from '../screens/home-screen';
import { PayCardScreen } from '../screens/pay-card-screen';
import { PayChoiceScreen } from '../screens/pay-choice-screen';
import { PayConfirmScreen } from '../screens/pay-confirm-screen';
import { PayFeesScreen } from '../screens/pay-fees-screen';
import { PayResultScreen } from '../screens/pay-result-screen';
import { PayUinCheckingScreen } from '../screens/pay-uin-checking-screen';
import { PayUinOutcomeScreen } from '../screens/pay-uin-outcome-screen';
import { PayUinScreen } from '../screens/pay-uin-screen';
import { PrintingScreen } from '../screens/printing-screen';
import { SecondFactorScreen } from '../screens/second-factor-screen';
import { ServicesScreen } from '../screens/services-screen';
import { StatusEntryScreen } from '../screens/status-entry-screen';
import { StatusErrorScreen } from '../screens/status-error-screen';
import { StatusResultScreen } from '../screens/status-result-screen';
import { StatusSearchingScreen } from '../screens/status-searching-screen';
import { TicketErrorScreen } from '../screens/ticket-error-screen';
import { TicketIssuedScreen } from '../screens/ticket-issued-screen';
import { TicketUnavailableScreen } from '../screens/ticket-unavailable-screen';
import { isoDateIn } from '../status/second-factor-input';
import type { BookingRemedy } from '../ui/booking-texts';
import type { PayRemedy, UinRemedy } from '../ui/payment-texts';
import type { StatusRemedy } from '../ui/status-texts';
import { officeBookingOnlyLine, officeClosedLine } from '../ui/texts';
import {
  type CheckInRequest,
  isBookingScreen,
  listensForBookingScan,
  scannedCheckIn,
  typedCheckIn,
} from './booking-journey';
import { type CatalogueLoad, homeOffer, initialJourney, journeyReducer, servicesOf } from './journey-state';
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
import { isStatusScreen, type StatusLookup, scannedLookup, secondFactorLookup, typedLookup } from './status-journey';

/** How often the home screen asks for the catalogue again, so «офис закрыт» follows the clock. */
const HOME_REFRESH_MS = 60_000;

/** Faults of `tickets.issue` after which the catalogue is likely out of date (the hours turned). */
const STALE_CATALOGUE_FAULTS: ReadonlySet<ErrorCode> = new Set(['office_closed', 'booking_required']);

/**
 * Runs a call's task unless the same guard's is still running, so a double tap (or a tap and a
 * scan) before the screen changes sends one call, not two.
 */
async function once(guard: { current: boolean }, task: () => Promise<void>): Promise<void> {
  if (guard.current) return;
  guard.current = true;
  try {
    await task();
  } finally {
    guard.current = false;
  }
}

/** The calm line on the home screen about the office's hours, when there is one to say. */
function officeNotice(catalogue: CatalogueLoad, today: string) {
  if (catalogue.status !== 'loaded') return null;
  const { office } = catalogue.catalogue;
  if (office.state === 'closed') return { kind: 'closed', text: officeClosedLine(office, today) } as const;
  if (office.state === 'booking_only') return { kind: 'booking-only', text: officeBookingOnlyLine } as const;
  return null;
}

/** Props of one visitor's journey. */
export interface JourneyProps {
  /** The ticket printer's state, from the device reports. */
  printer: PrinterReadiness;
  /** Ends the visit on purpose («На главную», «Готово»): the shell resets the session. */
  onHome: () => void;
  /** The office this kiosk stands in (`kiosk.info`), once known. */
  officeId?: string | undefined;
  /** The office's time zone (`kiosk.info`), for today's date; the machine's until known. */
  timeZone?: string | undefined;
  /**
   * Told whether a card payment is under way (from «Оплатить картой» until its end is known):
   * the shell holds the session open meanwhile, so the idle reset cannot drop the payment's screen.
   */
  onPaymentActive?: ((active: boolean) => void) | undefined;
}

/**
 * One visitor's journey: which screen is shown and everything chosen on the way.
 *
 * The shell mounts it with a key that changes on every session reset, so a reset drops all of
 * its state (chosen service, issued ticket, errors) by remounting, not by clearing field by field.
 */
export function Journey({ printer, onHome, officeId, timeZone, onPaymentActive }: JourneyProps) {
  const api = useKioskApi();
  const [state, dispatch] = useReducer(journeyReducer, initialJourney);
  // Guards against a double tap printing two tickets before the screen changes.
  const issuing = useRef(false);
  const printingSlip = useRef(false);
  const printingDocuments = useRef(false);
  const checkingIn = useRef(false);
  const resolvingUin = useRef(false);
  const startingPayment = useRef(false);
  const cancellingPayment = useRef(false);
  const lookups = useRef(0);
  const checkIns = useRef(0);
  const uinChecks = useRef(0);
  // The screen as last rendered, for handlers called from outside React (scanned codes).
  const screenRef = useRef(state.screen);
  screenRef.current = state.screen;

  const loadCatalogue = useCallback(async () => {
    dispatch({ type: 'catalogue-loading' });
    const result = await api.call('tickets.catalogue', {});
    dispatch(result.ok ? { type: 'catalogue-loaded', catalogue: result.value } : { type: 'catalogue-failed' });
  }, [api]);

  // The home screen needs the office's state (open, closed): load it at once, and again while home shows.
  const onHomeScreen = state.screen.name === 'home';
  useEffect(() => {
    if (!onHomeScreen) return;
    void loadCatalogue();
    const refresh = setInterval(() => void loadCatalogue(), HOME_REFRESH_MS);
    return () => clearInterval(refresh);
  }, [onHomeScreen, loadCatalogue]);

  const printerFault = printer.state === 'faulty' ? printer.fault : null;

  const openTickets = useCallback(() => {
    dispatch({ type: 'open-tickets', printerFault });
    if (printerFault === null) void loadCatalogue();
  }, [printerFault, loadCatalogue]);

  const openBooking = useCallback(() => dispatch({ type: 'open-booking', printerFault }), [printerFault]);

  const issue = useCallback(
    (serviceId: string) =>
      once(issuing, async () => {
        dispatch({ type: 'printing' });
        const result = await api.call('tickets.issue', { serviceId });
        dispatch(
          result.ok ? { type: 'issued', ticket: result.value } : { type: 'issue-failed', code: result.error.code },
        );
        if (!result.ok && STALE_CATALOGUE_FAULTS.has(result.error.code)) void loadCatalogue();
      }),
    [api, loadCatalogue],
  );

  /** Checks the booking in (and prints its ticket) once, however many taps or scans come meanwhile. */
  const checkIn = useCallback(
    async (request: CheckInRequest) => {
      if (screenRef.current.name === 'booking-checking') return;
      await once(checkingIn, async () => {
        checkIns.current += 1;
        const checkId = checkIns.current;
        dispatch({ type: 'booking-check-in', checkId, request });
        const result = await api.call('tickets.checkIn', { code: request.code });
        dispatch({ type: 'booking-answered', checkId, result });
      });
    },
    [api],
  );

  const printDocuments = useCallback(
    (serviceId: string) =>
      once(printingDocuments, async () => {
        dispatch({ type: 'a4-printing' });
        const result = await api.call('tickets.printDocuments', { serviceId });
        dispatch({ type: 'a4-printed', serviceId, result });
      }),
    [api],
  );

  /** Asks the hub; the answer is dropped if the visitor has moved on (or asked again) meanwhile. */
  const lookUp = useCallback(
    async (lookup: StatusLookup) => {
      if (screenRef.current.name === 'status-searching') return;
      lookups.current += 1;
      const lookupId = lookups.current;
      dispatch({ type: 'status-lookup', lookupId, lookup });
      const input: CallInput<'status.lookup'> =
        lookup.secondFactor === undefined
          ? { applicationNumber: lookup.number }
          : { applicationNumber: lookup.number, secondFactor: lookup.secondFactor };
      const result = await api.call('status.lookup', input);
      dispatch({ type: 'status-answered', lookupId, result });
    },
    [api],
  );

  const printSlip = useCallback(
    () =>
      once(printingSlip, async () => {
        dispatch({ type: 'slip-printing' });
        const result = await api.call('status.printSlip', {});
        dispatch({ type: 'slip-printed', result });
      }),
    [api],
  );

  const loadFees = useCallback(async () => {
    dispatch({ type: 'pay-fees-loading' });
    const result = await api.call('payments.fees', {});
    dispatch({ type: 'pay-fees-answered', result });
  }, [api]);

  const openPay = useCallback(() => {
    dispatch({ type: 'open-pay' });
    void loadFees();
  }, [loadFees]);

  /** Looks the bill up once, however many taps or scans come meanwhile; a late answer is dropped. */
  const resolveUin = useCallback(
    async (request: UinRequest) => {
      if (screenRef.current.name === 'pay-uin-checking') return;
      await once(resolvingUin, async () => {
        uinChecks.current += 1;
        const checkId = uinChecks.current;
        dispatch({ type: 'uin-check', checkId, request });
        const result = await api.call('payments.resolveUin', { text: request.text });
        dispatch({ type: 'uin-answered', checkId, result });
      });
    },
    [api],
  );

  /** «Оплатить картой»: starts one payment of exactly the amount the confirm screen showed. */
  const startPayment = useCallback(async () => {
    const screen = screenRef.current;
    if (screen.name !== 'pay-confirm') return;
    const { subject, amountMinor } = screen.payable;
    await once(startingPayment, async () => {
      dispatch({ type: 'pay-starting' });
      const result = await api.call('payments.start', { subject, amountMinor });
      dispatch({ type: 'pay-started', result });
    });
  }, [api]);

  /** «Отмена» on the card screen, while the terminal still takes an abort. */
  const cancelPayment = useCallback(async () => {
    const screen = screenRef.current;
    if (screen.name !== 'pay-card' || screen.step.phase !== 'running' || !canCancelPayment(screen.step)) return;
    const { paymentId } = screen.step;
    await once(cancellingPayment, async () => {
      dispatch({ type: 'pay-cancel-asked' });
      const result = await api.call('payments.cancel', { paymentId });
      dispatch({ type: 'pay-cancel-answered', paymentId, accepted: result.ok ? result.value.accepted : null });
    });
  }, [api]);

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
  }, [api, onCardScreen]);

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
  }, [api, runningPaymentId]);

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
  }, [api, noAnswerDue, silentPaymentId, cardStepKey]);

  // The shell holds the session open while a payment is under way (see `onPaymentActive`).
  const paymentActive = isPaymentInProgress(state.screen);
  const onPaymentActiveRef = useRef(onPaymentActive);
  onPaymentActiveRef.current = onPaymentActive;
  useEffect(() => {
    onPaymentActiveRef.current?.(paymentActive);
  }, [paymentActive]);
  useEffect(() => () => onPaymentActiveRef.current?.(false), []);

  // Scanned codes are listened to only while a status screen, the booking's keypad (or its
  // outcome) or the УИН keypad (or its outcome) shows: a scan anywhere else is dropped unread, so
  // a receipt held to the scanner on another screen leaves nothing behind.
  const listening =
    isStatusScreen(state.screen) || listensForBookingScan(state.screen) || listensForUinScan(state.screen);
  useEffect(() => {
    if (!listening) return;
    return api.on('scanner.scanned', ({ text, kind }) => {
      const screen = screenRef.current;
      if (isStatusScreen(screen)) {
        const scanned = scannedLookup(screen, text, kind);
        if (scanned === 'rejected') dispatch({ type: 'status-scan-rejected' });
        else if (scanned !== null) void lookUp(scanned);
      } else if (isBookingScreen(screen)) {
        const scanned = scannedCheckIn(screen, text, kind);
        if (scanned === 'rejected') dispatch({ type: 'booking-scan-rejected' });
        else if (scanned !== null) void checkIn(scanned);
      } else if (isPayScreen(screen)) {
        const scanned = scannedUin(screen, text, kind);
        if (scanned === 'rejected') dispatch({ type: 'uin-scan-rejected' });
        else if (scanned !== null) void resolveUin(scanned);
      }
    });
  }, [api, listening, lookUp, checkIn, resolveUin]);

  const back = () => dispatch({ type: 'back' });
  const { screen, catalogue, fees } = state;
  const today = isoDateIn(new Date(), timeZone);

  switch (screen.name) {
    case 'home':
      return (
        <HomeScreen
          printerWarning={printer.state === 'faulty'}
          offer={homeOffer(catalogue)}
          officeNotice={officeNotice(catalogue, today)}
          onTicket={openTickets}
          onBooking={openBooking}
          onStatus={() => dispatch({ type: 'open-status' })}
          onPay={openPay}
        />
      );
    case 'booking':
      return (
        <BookingEntryScreen
          screen={screen}
          onKey={(press) => dispatch({ type: 'booking-key', press })}
          onSubmit={() => {
            const request = typedCheckIn(screen);
            if (request !== null) void checkIn(request);
          }}
          onHome={onHome}
        />
      );
    case 'booking-checking':
      return <BookingCheckingScreen onHome={onHome} />;
    case 'booking-outcome': {
      const remedies: Record<BookingRemedy, () => void> = {
        'walk-in': openTickets,
        'edit-code': () => dispatch({ type: 'booking-edit-code' }),
        done: onHome,
      };
      return (
        <BookingOutcomeScreen problem={screen.problem} onRemedy={(remedy) => remedies[remedy]()} onHome={onHome} />
      );
    }
    case 'status':
      return (
        <StatusEntryScreen
          screen={screen}
          onKey={(press) => dispatch({ type: 'status-key', press })}
          onMode={(mode) => dispatch({ type: 'status-mode', mode })}
          onSearch={() => {
            const lookup = typedLookup(screen);
            if (lookup !== null) void lookUp(lookup);
          }}
          onHome={onHome}
        />
      );
    case 'status-searching':
      return <StatusSearchingScreen onHome={onHome} />;
    case 'second-factor': {
      const lookup = secondFactorLookup(screen, today);
      return (
        <SecondFactorScreen
          screen={screen}
          today={today}
          ready={lookup !== null}
          onKind={(kind) => dispatch({ type: 'second-factor-kind', kind })}
          onKey={(press) => dispatch({ type: 'second-factor-key', press })}
          onSubmit={() => {
            if (lookup !== null) void lookUp(lookup);
          }}
          onBack={back}
          onHome={onHome}
        />
      );
    }
    case 'status-result':
      return (
        <StatusResultScreen
          found={screen.found}
          slip={screen.slip}
          hereOfficeId={officeId}
          printerFaulty={printer.state === 'faulty'}
          onPrint={() => void printSlip()}
          onNewSearch={() => dispatch({ type: 'status-new-search' })}
          onHome={onHome}
        />
      );
    case 'status-error': {
      const remedies: Record<StatusRemedy, () => void> = {
        'edit-number': () => dispatch({ type: 'status-edit-number' }),
        'enter-second-factor': () => dispatch({ type: 'second-factor-again' }),
        retry: () => void lookUp(screen.lookup),
      };
      return <StatusErrorScreen problem={screen.problem} onRemedy={(remedy) => remedies[remedy]()} onHome={onHome} />;
    }
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
    case 'ticket-unavailable':
      return <TicketUnavailableScreen fault={screen.fault} onHome={onHome} />;
    case 'categories':
      return (
        <CategoriesScreen
          catalogue={catalogue}
          onChoose={(categoryId) => dispatch({ type: 'choose-category', categoryId })}
          onRetry={() => void loadCatalogue()}
          onHome={onHome}
        />
      );
    case 'services': {
      const loaded = catalogue.status === 'loaded' ? catalogue.catalogue : undefined;
      return (
        <ServicesScreen
          category={loaded?.categories.find((category) => category.id === screen.categoryId)}
          services={loaded === undefined ? [] : servicesOf(loaded, screen.categoryId)}
          today={today}
          onChoose={(service) => dispatch({ type: 'choose-service', service })}
          onBack={back}
          onHome={onHome}
        />
      );
    }
    case 'booking-only':
      return <BookingOnlyScreen service={screen.service} onCheckIn={openBooking} onBack={back} onHome={onHome} />;
    case 'confirm':
      return (
        <ConfirmScreen
          service={screen.service}
          a4Printer={catalogue.status === 'loaded' && catalogue.catalogue.a4Printer}
          a4={screen.a4}
          onConfirm={() => void issue(screen.service.id)}
          onPrintDocuments={() => void printDocuments(screen.service.id)}
          onBack={back}
          onHome={onHome}
        />
      );
    case 'documents-preview':
      return <DocumentsPreviewScreen service={screen.service} code={screen.code} onBack={back} onHome={onHome} />;
    case 'printing':
      return <PrintingScreen onHome={onHome} />;
    case 'issued':
      return <TicketIssuedScreen ticket={screen.ticket} slotTime={screen.slotTime} onDone={onHome} />;
    case 'ticket-error': {
      const { retry } = screen;
      return (
        <TicketErrorScreen
          code={screen.code}
          onRetry={() => void (retry.kind === 'walk-in' ? issue(retry.service.id) : checkIn(retry.request))}
          onCheckIn={retry.kind === 'walk-in' ? openBooking : undefined}
          onBack={back}
          onHome={onHome}
        />
      );
    }
  }
}

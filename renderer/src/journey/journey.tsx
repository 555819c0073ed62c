import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { CallInput } from '../../../kiosk-config/src/index';
import { useKioskApi } from '../api/kiosk-api-context';
import type { PrinterReadiness } from '../devices/printer-readiness';
import { CategoriesScreen } from '../screens/categories-screen';
import { ComingSoonScreen } from '../screens/coming-soon-screen';
import { ConfirmScreen } from '../screens/confirm-screen';
import { HomeScreen } from '../screens/home-screen';
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
import type { StatusRemedy } from '../ui/status-texts';
import { initialJourney, journeyReducer, servicesOf } from './journey-state';
import { isStatusScreen, type StatusLookup, scannedLookup, secondFactorLookup, typedLookup } from './status-journey';

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
}

/**
 * One visitor's journey: which screen is shown and everything chosen on the way.
 *
 * The shell mounts it with a key that changes on every session reset, so a reset drops all of
 * its state (chosen service, issued ticket, errors) by remounting, not by clearing field by field.
 */
export function Journey({ printer, onHome, officeId, timeZone }: JourneyProps) {
  const api = useKioskApi();
  const [state, dispatch] = useReducer(journeyReducer, initialJourney);
  // Guards against a double tap printing two tickets before the screen changes.
  const issuing = useRef(false);
  const printingSlip = useRef(false);
  const lookups = useRef(0);
  // The screen as last rendered, for handlers called from outside React (scanned codes).
  const screenRef = useRef(state.screen);
  screenRef.current = state.screen;

  const loadCatalogue = useCallback(async () => {
    dispatch({ type: 'catalogue-loading' });
    const result = await api.call('tickets.catalogue', {});
    dispatch(result.ok ? { type: 'catalogue-loaded', catalogue: result.value } : { type: 'catalogue-failed' });
  }, [api]);

  const openTickets = useCallback(() => {
    const printerFault = printer.state === 'faulty' ? printer.fault : null;
    dispatch({ type: 'open-tickets', printerFault });
    if (printerFault === null) void loadCatalogue();
  }, [printer, loadCatalogue]);

  const issue = useCallback(
    async (serviceId: string) => {
      if (issuing.current) return;
      issuing.current = true;
      dispatch({ type: 'printing' });
      try {
        const result = await api.call('tickets.issue', { serviceId });
        dispatch(
          result.ok ? { type: 'issued', ticket: result.value } : { type: 'issue-failed', code: result.error.code },
        );
      } finally {
        issuing.current = false;
      }
    },
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

  const printSlip = useCallback(async () => {
    if (printingSlip.current) return;
    printingSlip.current = true;
    dispatch({ type: 'slip-printing' });
    try {
      const result = await api.call('status.printSlip', {});
      dispatch({ type: 'slip-printed', result });
    } finally {
      printingSlip.current = false;
    }
  }, [api]);

  // Scanned codes are listened to only while a status screen shows: a scan anywhere else is
  // dropped unread, so a receipt held to the scanner on another screen leaves nothing behind.
  const listening = isStatusScreen(state.screen);
  useEffect(() => {
    if (!listening) return;
    return api.on('scanner.scanned', ({ text, kind }) => {
      const screen = screenRef.current;
      if (!isStatusScreen(screen)) return;
      const scanned = scannedLookup(screen, text, kind);
      if (scanned === 'rejected') dispatch({ type: 'status-scan-rejected' });
      else if (scanned !== null) void lookUp(scanned);
    });
  }, [api, listening, lookUp]);

  const back = () => dispatch({ type: 'back' });
  const { screen, catalogue } = state;
  const today = isoDateIn(new Date(), timeZone);

  switch (screen.name) {
    case 'home':
      return (
        <HomeScreen
          printerWarning={printer.state === 'faulty'}
          onStatus={() => dispatch({ type: 'open-status' })}
          onTicket={openTickets}
          onPay={() => dispatch({ type: 'open-pay' })}
        />
      );
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
      return <ComingSoonScreen testId="screen-pay" title="Оплатить госпошлину" onHome={onHome} />;
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
          onChoose={(service) => dispatch({ type: 'choose-service', service })}
          onBack={back}
          onHome={onHome}
        />
      );
    }
    case 'confirm':
      return (
        <ConfirmScreen
          service={screen.service}
          onConfirm={() => void issue(screen.service.id)}
          onBack={back}
          onHome={onHome}
        />
      );
    case 'printing':
      return <PrintingScreen onHome={onHome} />;
    case 'issued':
      return <TicketIssuedScreen ticket={screen.ticket} onDone={onHome} />;
    case 'ticket-error':
      return (
        <TicketErrorScreen
          code={screen.code}
          onRetry={() => void issue(screen.service.id)}
          onBack={back}
          onHome={onHome}
        />
      );
  }
}

import { type ReactElement, useCallback, useEffect } from 'react';
import type { ErrorCode } from '../../../../kiosk-config/src/index';
import { useVisitorPreferences } from '../../access/visitor-preferences';
import type { PrinterReadiness } from '../../devices/printer-readiness';
import type { CheckInRequest } from '../booking/booking-journey';
import type { JourneyControl } from '../journey-control';
import type { JourneyScreen } from '../journey-state';
import { useSingleFlight } from '../single-flight';
import { BookingOnlyScreen } from './booking-only-screen';
import { CategoriesScreen } from './categories-screen';
import { ConfirmScreen } from './confirm-screen';
import { DocumentsPreviewScreen } from './documents-preview-screen';
import { PrintingScreen } from './printing-screen';
import { ServicesScreen } from './services-screen';
import { TicketErrorScreen } from './ticket-error-screen';
import { TicketIssuedScreen } from './ticket-issued-screen';
import { servicesOf } from './ticket-journey';
import { TicketUnavailableScreen } from './ticket-unavailable-screen';

/** How often the home screen asks for the catalogue again, so «офис закрыт» follows the clock. */
const HOME_REFRESH_MS = 60_000;

/** Faults of `tickets.issue` after which the catalogue is likely out of date (the hours turned). */
const STALE_CATALOGUE_FAULTS: ReadonlySet<ErrorCode> = new Set(['office_closed', 'booking_required']);

/** What the ticket journey needs from the page and from the booking journey. */
export interface TicketJourneyLinks {
  printer: PrinterReadiness;
  /** The office's date now (`YYYY-MM-DD`), for when a closed service opens. */
  today: string;
  /** «У меня запись» (from a service taken by appointment only, or a walk-in ticket's fault). */
  openBooking: () => void;
  /** Tries a booking's check-in again from the ticket's error screen. */
  checkIn: (request: CheckInRequest) => Promise<void>;
}

/** The ticket journey's calls and screens. */
export interface TicketJourney {
  /** «Взять талон»: the categories, or why no ticket can be printed now. */
  openTickets: () => void;
  loadCatalogue: () => Promise<void>;
  /** The current screen's element if it is one of this journey's, else `null`. */
  render: (screen: JourneyScreen) => ReactElement | null;
}

/**
 * The walk-in ticket («Взять талон»): the catalogue (loaded at once and refreshed while home
 * shows, for the office's state there), a service chosen, its ticket printed once however many
 * taps come, the A4 documents list, and the ticket or its fault.
 */
export function useTicketJourney(
  { api, state, dispatch, onHome }: JourneyControl,
  { printer, today, openBooking, checkIn }: TicketJourneyLinks,
): TicketJourney {
  const issuing = useSingleFlight();
  // The ticket's own words print in the visitor's language where the printer can print it.
  const { language } = useVisitorPreferences().preferences;
  const printingDocuments = useSingleFlight();

  const loadCatalogue = useCallback(async () => {
    dispatch({ type: 'catalogue-loading' });
    const result = await api.call('tickets.catalogue', {});
    dispatch(result.ok ? { type: 'catalogue-loaded', catalogue: result.value } : { type: 'catalogue-failed' });
  }, [api, dispatch]);

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
  }, [dispatch, printerFault, loadCatalogue]);

  const issue = useCallback(
    (serviceId: string) =>
      issuing(async () => {
        dispatch({ type: 'printing' });
        const result = await api.call('tickets.issue', { serviceId, language });
        dispatch(
          result.ok ? { type: 'issued', ticket: result.value } : { type: 'issue-failed', code: result.error.code },
        );
        if (!result.ok && STALE_CATALOGUE_FAULTS.has(result.error.code)) void loadCatalogue();
      }),
    [api, dispatch, issuing, loadCatalogue, language],
  );

  const printDocuments = useCallback(
    (serviceId: string) =>
      printingDocuments(async () => {
        dispatch({ type: 'a4-printing' });
        const result = await api.call('tickets.printDocuments', { serviceId });
        dispatch({ type: 'a4-printed', serviceId, result });
      }),
    [api, dispatch, printingDocuments],
  );

  const back = () => dispatch({ type: 'back' });
  const { catalogue } = state;

  const render = (screen: JourneyScreen): ReactElement | null => {
    switch (screen.name) {
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
      default:
        return null;
    }
  };

  return { openTickets, loadCatalogue, render };
}

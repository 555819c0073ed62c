import { useCallback, useReducer, useRef } from 'react';
import { useKioskApi } from '../api/kiosk-api-context';
import type { PrinterReadiness } from '../devices/printer-readiness';
import { CategoriesScreen } from '../screens/categories-screen';
import { ComingSoonScreen } from '../screens/coming-soon-screen';
import { ConfirmScreen } from '../screens/confirm-screen';
import { HomeScreen } from '../screens/home-screen';
import { PrintingScreen } from '../screens/printing-screen';
import { ServicesScreen } from '../screens/services-screen';
import { TicketErrorScreen } from '../screens/ticket-error-screen';
import { TicketIssuedScreen } from '../screens/ticket-issued-screen';
import { TicketUnavailableScreen } from '../screens/ticket-unavailable-screen';
import { initialJourney, journeyReducer, servicesOf } from './journey-state';

/** Props of one visitor's journey. */
export interface JourneyProps {
  /** The ticket printer's state, from the device reports. */
  printer: PrinterReadiness;
  /** Ends the visit on purpose («На главную», «Готово»): the shell resets the session. */
  onHome: () => void;
}

/**
 * One visitor's journey: which screen is shown and everything chosen on the way.
 *
 * The shell mounts it with a key that changes on every session reset, so a reset drops all of
 * its state (chosen service, issued ticket, errors) by remounting, not by clearing field by field.
 */
export function Journey({ printer, onHome }: JourneyProps) {
  const api = useKioskApi();
  const [state, dispatch] = useReducer(journeyReducer, initialJourney);
  // Guards against a double tap printing two tickets before the screen changes.
  const issuing = useRef(false);

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

  const back = () => dispatch({ type: 'back' });
  const { screen, catalogue } = state;

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
      return <ComingSoonScreen testId="screen-status" title="Узнать статус заявления" onHome={onHome} />;
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

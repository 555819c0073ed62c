import { type ReactElement, useCallback, useEffect, useRef } from 'react';
import type { CallInput } from '../../../../kiosk-config/src/index';
import { useVisitorPreferences } from '../../access/visitor-preferences';
import type { PrinterReadiness } from '../../devices/printer-readiness';
import type { JourneyControl } from '../journey-control';
import type { JourneyScreen } from '../journey-state';
import { useSingleFlight } from '../single-flight';
import { SecondFactorScreen } from './second-factor-screen';
import { StatusEntryScreen } from './status-entry-screen';
import { StatusErrorScreen } from './status-error-screen';
import { isStatusScreen, type StatusLookup, scannedLookup, secondFactorLookup, typedLookup } from './status-journey';
import { StatusResultScreen } from './status-result-screen';
import { StatusSearchingScreen } from './status-searching-screen';
import type { StatusRemedy } from './status-texts';

/** What the status journey needs from the page. */
export interface StatusJourneyLinks {
  printer: PrinterReadiness;
  /** The office this kiosk stands in, once known: an application of another office says so. */
  officeId: string | undefined;
  /** The office's date now (`YYYY-MM-DD`), for the second factor's date of filing. */
  today: string;
}

/** The status journey's calls and screens. */
export interface StatusJourney {
  /** «Узнать статус заявления»: the number's keypad. */
  open: () => void;
  /** The current screen's element if it is one of this journey's, else `null`. */
  render: (screen: JourneyScreen) => ReactElement | null;
}

/**
 * «Узнать статус заявления»: the number typed or scanned from the receipt, the lookup (a late
 * answer, after the visitor moved on or asked again, is dropped), the second factor, the answer
 * and its slip, printed once however many taps come.
 */
export function useStatusJourney(
  { api, state, dispatch, screenRef, onHome }: JourneyControl,
  { printer, officeId, today }: StatusJourneyLinks,
): StatusJourney {
  const lookingUp = useSingleFlight();
  const printingSlip = useSingleFlight();
  // The slip prints in the visitor's language where the printer can print it.
  const { language } = useVisitorPreferences().preferences;
  // Numbers each lookup, so the answer of one the visitor has left is dropped.
  const lookups = useRef(0);

  const open = useCallback(() => dispatch({ type: 'open-status' }), [dispatch]);

  /**
   * Asks the hub once, however many taps or scans come meanwhile (two in one frame, before the
   * searching screen shows, included); the answer is dropped if the visitor has moved on.
   */
  const lookUp = useCallback(
    async (lookup: StatusLookup) => {
      if (screenRef.current.name === 'status-searching') return;
      await lookingUp(async () => {
        lookups.current += 1;
        const lookupId = lookups.current;
        dispatch({ type: 'status-lookup', lookupId, lookup });
        const input: CallInput<'status.lookup'> =
          lookup.secondFactor === undefined
            ? { applicationNumber: lookup.number }
            : { applicationNumber: lookup.number, secondFactor: lookup.secondFactor };
        const result = await api.call('status.lookup', input);
        dispatch({ type: 'status-answered', lookupId, result });
      });
    },
    [api, dispatch, screenRef, lookingUp],
  );

  const printSlip = useCallback(
    () =>
      printingSlip(async () => {
        dispatch({ type: 'slip-printing' });
        const result = await api.call('status.printSlip', { language });
        dispatch({ type: 'slip-printed', result });
      }),
    [api, dispatch, printingSlip, language],
  );

  // A receipt's code is listened to on every status screen (a new scan is a new lookup).
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
  }, [api, dispatch, screenRef, listening, lookUp]);

  const back = () => dispatch({ type: 'back' });

  const render = (screen: JourneyScreen): ReactElement | null => {
    switch (screen.name) {
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
      default:
        return null;
    }
  };

  return { open, render };
}

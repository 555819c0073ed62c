import { createContext, type ReactNode, useContext } from 'react';
import { useVisitorPreferences } from '../access/visitor-preferences';
import { useKioskApi } from '../api/kiosk-api-context';
import { HelpDialog } from './help-dialog';
import { useHelp } from './use-help';

/** Opens «Позвать сотрудника»'s dialog; without a `HelpLayer` (a part tested alone), nothing. */
const OpenHelpContext = createContext<() => void>(() => {});

/** What the access bar's «Позвать сотрудника» calls. */
export function useOpenHelp(): () => void {
  return useContext(OpenHelpContext);
}

/**
 * The visitor's page with the help dialog over it. The dialog is modal: while it shows, the page
 * under it is `inert`, so no touch, focus or key reaches it, and assistive technology and the
 * speech guide see only the dialog. Keyed by the session (`shell/app.tsx`): a new visitor never
 * finds the last one's dialog, nor the number they typed.
 */
export function HelpLayer({ children }: { children: ReactNode }) {
  const { staffOnSite } = useVisitorPreferences().offer;
  const help = useHelp(useKioskApi(), staffOnSite);
  return (
    <OpenHelpContext.Provider value={help.open}>
      <div className="visitor-page" inert={help.state.step !== 'closed'}>
        {children}
      </div>
      <HelpDialog help={help} staffOnSite={staffOnSite} />
    </OpenHelpContext.Provider>
  );
}

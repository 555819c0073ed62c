import type { KioskApi, TechnicianStateView } from '../../../kiosk-config/src/index';
import { useAskedAndTold } from '../api/use-asked-and-told';

const CLOSED: TechnicianStateView = { open: false };
const askState = (api: KioskApi) => api.call('technician.state', {});
const listenState = (api: KioskApi, set: (view: TechnicianStateView) => void) => api.on('technician.changed', set);

/** Whether a technician is signed in (`technician.state` and every `technician.changed`): closed until told. */
export function useTechnicianState(api: KioskApi): TechnicianStateView {
  return useAskedAndTold(api, CLOSED, askState, listenState);
}

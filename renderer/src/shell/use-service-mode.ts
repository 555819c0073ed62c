import type { KioskApi, ServiceModeView } from '../../../kiosk-config/src/index';
import { useAskedAndTold } from '../api/use-asked-and-told';

const IN_SERVICE: ServiceModeView = { inService: true };
const askMode = (api: KioskApi) => api.call('kiosk.serviceMode', {});
const listenMode = (api: KioskApi, set: (view: ServiceModeView) => void) => api.on('kiosk.serviceModeChanged', set);

/**
 * Whether the kiosk serves visitors (`kiosk.serviceMode` and every `kiosk.serviceModeChanged`):
 * in service until the main side says otherwise, so a slow answer never blanks the screen.
 */
export function useServiceMode(api: KioskApi): ServiceModeView {
  return useAskedAndTold(api, IN_SERVICE, askMode, listenMode);
}

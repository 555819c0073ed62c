import type { ComponentType } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';
import { DevicesPage } from './devices/devices-page';

/** What every technician page is given. */
export interface TechnicianPageProps {
  api: KioskApi;
  /** The office's time zone, for times shown on the page. */
  timeZone: string;
}

/** One page of the technician mode: a tab in its menu. */
export interface TechnicianPage {
  /** Stable id: the tab's `data-testid` is `technician-tab-<id>`, the page's `technician-page-<id>`. */
  id: string;
  /** The tab's label, short (large type on a narrow menu). */
  title: string;
  Page: ComponentType<TechnicianPageProps>;
}

/**
 * The technician mode's pages, in the menu's order. Each page lives in its own folder under
 * `renderer/src/technician/` and is listed here.
 */
export const technicianPages: readonly TechnicianPage[] = [{ id: 'devices', title: 'Устройства', Page: DevicesPage }];

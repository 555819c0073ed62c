import type { ComponentType } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';
import { DevicesPage } from './devices/devices-page';
import { EnrollPage } from './enroll/enroll-page';
import { LinkPage } from './link/link-page';
import { PortsPage } from './ports/ports-page';
import { ServicePage } from './service/service-page';
import { SettingsPage } from './settings/settings-page';

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
export const technicianPages: readonly TechnicianPage[] = [
  { id: 'devices', title: 'Устройства', Page: DevicesPage },
  { id: 'ports', title: 'Порты', Page: PortsPage },
  { id: 'settings', title: 'Настройки', Page: SettingsPage },
  { id: 'link', title: 'Связь и содержимое', Page: LinkPage },
  { id: 'service', title: 'Обслуживание', Page: ServicePage },
  { id: 'enroll', title: 'Подключение к центру', Page: EnrollPage },
];

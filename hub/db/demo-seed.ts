import { normaliseApplicationNumber } from '../../kiosk-config/src/hub/application-number';
import type { ApplicationStatus } from '../../kiosk-config/src/hub/hub-api';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import { CALL_CENTRE_OFFICE_ID } from '../help/help-paths';
import type { HubConfigInput } from '../server/hub-config';
import { addDays } from '../server/queue/office-clock';
import { seedDemoQueue } from './demo-queue-seed';
import type { ApplicationRecord, HubRepository, OfficeRecord, ServiceRecord } from './hub-repository';

export { addDays } from '../server/queue/office-clock';
export {
  DEMO_BOOKED_SERVICE_ID,
  DEMO_BOOKING_CODES,
  DEMO_CATALOGUE,
  DEMO_HISTORY_PREFIX,
  DEMO_OPERATOR_TOKEN_ID,
  DEMO_SERVICE_MINUTES,
} from './demo-queue-seed';

/** The demo office of `npm start`; the kiosk's default config names it. */
export const DEMO_OFFICE_ID = 'mfc-demo-01';

/** The demo region that asks for the last four digits of the applicant's phone. */
export const DEMO_PHONE_REGION_ID = 'demo-phone';

/**
 * Hub settings that go with the demo data: the region of `mfc-demo-03` asks for the last four
 * digits of the phone; kiosks enrolling with a provisioning token join the demo office.
 */
export const DEMO_HUB_CONFIG = {
  regions: { [DEMO_PHONE_REGION_ID]: { secondFactor: ['phone_last4'] } },
  provisioningOfficeId: DEMO_OFFICE_ID,
} as const satisfies Partial<HubConfigInput>;

/** Demo offices: the kiosk's own, a neighbouring town, and one in the phone-checking region. */
export const DEMO_OFFICES: readonly OfficeRecord[] = [
  {
    id: DEMO_OFFICE_ID,
    name: 'МФЦ «Мои Документы», с. Берёзовка',
    address: 'с. Берёзовка, ул. Центральная, д. 12',
    regionId: 'demo',
  },
  {
    id: 'mfc-demo-02',
    name: 'МФЦ «Мои Документы», г. Заречный',
    address: 'г. Заречный, пр. Мира, д. 5',
    regionId: 'demo',
  },
  {
    id: 'mfc-demo-03',
    name: 'МФЦ «Мои Документы», пгт Сосновка',
    address: 'пгт Сосновка, ул. Лесная, д. 1',
    regionId: DEMO_PHONE_REGION_ID,
  },
];

/**
 * The demo region's call centre (seed id `000`): no kiosks and no queue of its own; the call-backs
 * of kiosks in offices without staff on site wait on its console page (`hub/help/`).
 */
export const DEMO_CALL_CENTRE: OfficeRecord = {
  id: CALL_CENTRE_OFFICE_ID,
  name: 'Контакт-центр МФЦ демо-региона',
  address: 'г. Заречный, пр. Мира, д. 5, каб. 12',
  regionId: 'demo',
};

/** Demo services; the ids match the kiosk's demo catalogue where the service is the same. */
export const DEMO_SERVICES: readonly ServiceRecord[] = [
  { id: 'passport-rf', name: 'Замена паспорта гражданина РФ' },
  { id: 'passport-foreign', name: 'Оформление загранпаспорта' },
  { id: 'property-registration', name: 'Регистрация права собственности на недвижимость' },
  { id: 'cadastral-registration', name: 'Постановка на кадастровый учёт' },
  { id: 'property-extract', name: 'Выписка из ЕГРН' },
  { id: 'criminal-record', name: 'Справка о наличии (отсутствии) судимости' },
  { id: 'snils', name: 'Оформление СНИЛС' },
  { id: 'child-benefit', name: 'Единое пособие на детей' },
];

/** One demo application, dates as day offsets from today. */
export interface DemoApplication {
  /** As printed on the receipt (the hub stores it normalised). */
  number: string;
  status: ApplicationStatus;
  serviceId: string;
  officeId: string;
  window?: string;
  filedDaysAgo: number;
  expectedInDays?: number;
  storageDaysLeft?: number;
  phoneLast4?: string;
}

/**
 * Demo applications: at least one in every status, numbers in the formats visitors bring
 * (Росреестр's `КУВД-…` and `PKPVDMFC-…`, a plain ten-digit number). docs/operations/hub.md
 * lists them; keep the two in step.
 */
export const DEMO_APPLICATIONS: readonly DemoApplication[] = [
  {
    number: 'КУВД-001/2021-3670443',
    status: 'ready_for_pickup',
    serviceId: 'property-registration',
    officeId: DEMO_OFFICE_ID,
    window: '3',
    filedDaysAgo: 12,
    storageDaysLeft: 30,
  },
  {
    number: 'PKPVDMFC-2021-01-28-548444',
    status: 'in_progress',
    serviceId: 'cadastral-registration',
    officeId: DEMO_OFFICE_ID,
    filedDaysAgo: 4,
    expectedInDays: 5,
  },
  {
    number: '2345678901',
    status: 'accepted',
    serviceId: 'passport-rf',
    officeId: DEMO_OFFICE_ID,
    filedDaysAgo: 1,
    expectedInDays: 10,
  },
  {
    number: 'КУВД-001/2024-1187520',
    status: 'awaiting_applicant',
    serviceId: 'property-extract',
    officeId: DEMO_OFFICE_ID,
    window: '2',
    filedDaysAgo: 9,
    expectedInDays: 3,
  },
  {
    number: '3456789012',
    status: 'issued',
    serviceId: 'criminal-record',
    officeId: DEMO_OFFICE_ID,
    filedDaysAgo: 40,
  },
  {
    number: 'PKPVDMFC-2024-03-11-112233',
    status: 'refused',
    serviceId: 'cadastral-registration',
    officeId: DEMO_OFFICE_ID,
    window: '1',
    filedDaysAgo: 21,
  },
  {
    number: 'КУВД-002/2023-5550001',
    status: 'returned_to_agency',
    serviceId: 'property-registration',
    officeId: DEMO_OFFICE_ID,
    filedDaysAgo: 75,
  },
  {
    number: '4567890123',
    status: 'cancelled',
    serviceId: 'snils',
    officeId: DEMO_OFFICE_ID,
    filedDaysAgo: 6,
  },
  {
    number: '5678901234',
    status: 'ready_for_pickup',
    serviceId: 'passport-foreign',
    officeId: 'mfc-demo-02',
    window: '4',
    filedDaysAgo: 30,
    storageDaysLeft: 2,
  },
  {
    number: 'КУВД-003/2025-7788990',
    status: 'ready_for_pickup',
    serviceId: 'child-benefit',
    officeId: 'mfc-demo-03',
    window: '1',
    filedDaysAgo: 8,
    storageDaysLeft: 25,
    phoneLast4: '4321',
  },
];

/** `YYYY-MM-DD` of `date` in `timeZone`: the office day (`officeDate`), under the name the demo's callers use. */
export const isoDateIn: (date: Date, timeZone: string) => string = officeDate;

/** The demo application as stored, its dates fixed against `today`. */
export function demoApplicationRecord(demo: DemoApplication, today: string): ApplicationRecord {
  const record: ApplicationRecord = {
    number: normaliseApplicationNumber(demo.number),
    status: demo.status,
    serviceId: demo.serviceId,
    officeId: demo.officeId,
    filedOn: addDays(today, -demo.filedDaysAgo),
  };
  if (demo.window !== undefined) record.window = demo.window;
  if (demo.expectedInDays !== undefined) record.expectedOn = addDays(today, demo.expectedInDays);
  if (demo.storageDaysLeft !== undefined) record.storageUntil = addDays(today, demo.storageDaysLeft);
  if (demo.phoneLast4 !== undefined) record.phoneLast4 = demo.phoneLast4;
  return record;
}

/** Options of `seedDemo`. */
export interface SeedDemoOptions {
  /** The seed time, from which the demo bookings and queue history are dated (default: now). */
  now?: Date;
  /** The hub config's `demoOperatorToken`: an operator token for the demo office. */
  operatorToken?: string;
}

/**
 * Writes the demo offices, services and applications, dated relative to `today`, and the
 * queue's demo data (catalogues, bookings, history: `demo-queue-seed.ts`).
 *
 * Idempotent and run at every start of a demo hub, so the dates stay «this week» however old
 * the file is; kiosks, tickets, the lookup log and the outbox are left alone.
 */
export async function seedDemo(repository: HubRepository, today: string, options: SeedDemoOptions = {}): Promise<void> {
  for (const office of [...DEMO_OFFICES, DEMO_CALL_CENTRE]) await repository.upsertOffice(office);
  for (const service of DEMO_SERVICES) await repository.upsertService(service);
  for (const demo of DEMO_APPLICATIONS) await repository.upsertApplication(demoApplicationRecord(demo, today));
  await seedDemoQueue(repository, DEMO_OFFICES, {
    now: options.now ?? new Date(),
    ...(options.operatorToken === undefined ? {} : { operatorToken: options.operatorToken }),
  });
}

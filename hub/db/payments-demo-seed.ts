import type { Charge, Payee } from '../../kiosk-config/src/hub/payments-api';
import type { PaymentsRepository } from './payments-repository';

/**
 * Demo charges a kiosk can resolve by УИН (`POST /v1/charges/resolve`) under `npm start`. The
 * payees' details are format-valid and fictitious: no real account. docs/payments.md lists them;
 * keep the two in step.
 */

const DEMO_MVD: Payee = {
  name: 'УФК по Демо-области (ГУ МВД России по Демо-области)',
  inn: '7700000001',
  kpp: '770001001',
  account: '03100643000000017300',
  bic: '004525000',
  bankName: 'ОТДЕЛЕНИЕ ДЕМО БАНКА РОССИИ',
};

const DEMO_ROSREESTR: Payee = {
  name: 'УФК по Демо-области (Управление Росреестра по Демо-области)',
  inn: '7700000002',
  kpp: '770001002',
  account: '03100643000000017300',
  bic: '004525000',
  bankName: 'ОТДЕЛЕНИЕ ДЕМО БАНКА РОССИИ',
};

/** A 20-digit УИН: the state fee for a replacement passport. */
export const DEMO_UIN_PASSPORT = '18810177260000543210';
/** A 25-digit УИН: the state fee for registering a property right. */
export const DEMO_UIN_PROPERTY = '0322120000000000012345673';
/** A valid УИН the register says is paid already. */
export const DEMO_UIN_PAID = '18810477260000998876';
/** A valid УИН the hub does not know. */
export const DEMO_UIN_UNKNOWN = '0322120000000000076543218';

/** A demo charge, and when it was paid elsewhere (if it was). */
export interface DemoCharge {
  charge: Charge;
  paidAt?: string;
}

export const DEMO_CHARGES: readonly DemoCharge[] = [
  {
    charge: {
      uin: DEMO_UIN_PASSPORT,
      amountMinor: 150_000,
      payee: DEMO_MVD,
      purpose: 'Госпошлина за выдачу паспорта гражданина РФ взамен утраченного',
      kbk: '18810806000018003110',
      oktmo: '28701000',
    },
  },
  {
    charge: {
      uin: DEMO_UIN_PROPERTY,
      amountMinor: 400_000,
      payee: DEMO_ROSREESTR,
      purpose: 'Госпошлина за государственную регистрацию права собственности',
      kbk: '32110807020018000110',
      oktmo: '28701000',
    },
  },
  {
    charge: {
      uin: DEMO_UIN_PAID,
      amountMinor: 50_000,
      payee: DEMO_MVD,
      purpose: 'Штраф по постановлению (демо)',
      kbk: '18811601123010001140',
      oktmo: '28701000',
    },
    paidAt: '2026-01-15T09:00:00.000Z',
  },
];

/**
 * Writes the demo charges. Idempotent, run at every start of a demo hub beside `seedDemo`;
 * payments and reconciliations are left alone (a demo charge paid at a kiosk stays paid).
 */
export async function seedDemoCharges(repository: PaymentsRepository, now = new Date()): Promise<void> {
  for (const { charge, paidAt } of DEMO_CHARGES) {
    await repository.upsertCharge(charge, {
      createdAt: now.toISOString(),
      ...(paidAt === undefined ? {} : { paidAt }),
    });
  }
}

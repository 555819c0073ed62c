import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';

/**
 * Printer profiles for unit tests, spelled out so a test reads without opening a JSON file.
 *
 * The shipped profiles are checked against these in `load-printer-profile.test.ts`.
 */
export const profile80: PrinterProfile = {
  id: 'generic-80mm',
  name: 'Generic ESC/POS 80 mm',
  paperWidthMm: 80,
  columns: 48,
  codePage: { encoding: 'cp866', escT: 17 },
  leaveDoubleByteMode: true,
  nativeQr: true,
  cutter: true,
  feedBeforeCut: 4,
  automaticStatusBack: false,
  flowControl: 'none',
  confirmsJobs: true,
  identity: { maker: 'Generic', model: 'POS-80', firmware: '1.0' },
};

/** A 58 mm model on Windows-1251 without double-byte start, with automatic status back, for contrast. */
export const profile58w1251: PrinterProfile = {
  id: 'test-58mm-1251',
  name: 'Test 58 mm on Windows-1251',
  paperWidthMm: 58,
  columns: 32,
  codePage: { encoding: 'windows-1251', escT: 46 },
  leaveDoubleByteMode: false,
  nativeQr: true,
  cutter: true,
  feedBeforeCut: 3,
  automaticStatusBack: true,
  flowControl: 'none',
  confirmsJobs: true,
};

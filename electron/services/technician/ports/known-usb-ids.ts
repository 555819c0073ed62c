import type { PortGuess } from '../../../../kiosk-config/src/index';

/** A maker of kiosk devices, by its USB vendor id, and what its ports usually are. */
export interface KnownUsbVendor {
  vendorId: string;
  vendor: string;
  kind: PortGuess['kind'];
  /**
   * True where the id is the maker's own in the USB-IF list (`usb.ids`) and the maker sells that
   * kind of device under it; false where the id is a chip maker's that some models of that kind
   * happen to use (Chinese receipt printers on Winbond's or ST's ids): a hint, not a fact.
   */
  verified: boolean;
}

/**
 * Makers of receipt printers, scanners and card terminals seen in offices, and the USB-serial
 * adapters a device often sits behind. Not listed because their ids could not be checked: Sewoo,
 * PAX (the brief's `1234` is a placeholder id many devices use), Xprinter's own id.
 */
export const KNOWN_USB_VENDORS: readonly KnownUsbVendor[] = [
  { vendorId: '04b8', vendor: 'Epson', kind: 'printer', verified: true },
  { vendorId: '1d90', vendor: 'Citizen', kind: 'printer', verified: true },
  { vendorId: '0dd4', vendor: 'Custom (VKP80)', kind: 'printer', verified: true },
  { vendorId: '0416', vendor: 'Winbond (Zjiang, POS-58)', kind: 'printer', verified: false },
  { vendorId: '0483', vendor: 'STMicroelectronics (Xprinter и др.)', kind: 'printer', verified: false },
  { vendorId: '0fe6', vendor: 'Kontron (китайские принтеры)', kind: 'printer', verified: false },
  { vendorId: '0c2e', vendor: 'Honeywell (Metrologic)', kind: 'scanner', verified: true },
  { vendorId: '0536', vendor: 'Honeywell (Hand Held Products)', kind: 'scanner', verified: true },
  { vendorId: '05e0', vendor: 'Zebra (Symbol)', kind: 'scanner', verified: true },
  { vendorId: '05f9', vendor: 'Datalogic', kind: 'scanner', verified: true },
  { vendorId: '1eab', vendor: 'Newland', kind: 'scanner', verified: true },
  { vendorId: '0b00', vendor: 'Ingenico', kind: 'payment_terminal', verified: true },
  { vendorId: '11ca', vendor: 'Verifone', kind: 'payment_terminal', verified: true },
  { vendorId: '0403', vendor: 'FTDI', kind: 'usb_serial_adapter', verified: true },
  { vendorId: '067b', vendor: 'Prolific', kind: 'usb_serial_adapter', verified: true },
  { vendorId: '1a86', vendor: 'QinHeng (CH340)', kind: 'usb_serial_adapter', verified: true },
  { vendorId: '10c4', vendor: 'Silicon Labs (CP210x)', kind: 'usb_serial_adapter', verified: true },
];

/** HID usage page 0x8C: bar code scanners (HID POS). */
const HID_POS_USAGE_PAGE = 0x8c;

/** The likely kind of a device from its USB vendor id (and, for HID, its usage page). */
export function guessKind(vendorId: string | undefined, usagePage?: number): PortGuess {
  if (usagePage === HID_POS_USAGE_PAGE) return { kind: 'scanner', vendor: vendorOf(vendorId), verified: true };
  const known = KNOWN_USB_VENDORS.find((candidate) => candidate.vendorId === vendorId);
  if (!known) return { kind: 'unknown', verified: false };
  return { kind: known.kind, vendor: known.vendor, verified: known.verified };
}

function vendorOf(vendorId: string | undefined): string {
  return KNOWN_USB_VENDORS.find((candidate) => candidate.vendorId === vendorId)?.vendor ?? 'HID POS';
}

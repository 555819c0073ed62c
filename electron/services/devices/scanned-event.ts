import { classifyCode } from '../../../drivers/codes/code-classifier';
import type { ScannedCode } from '../../../drivers/scanner/barcode-scanner';
import type { EventPayload } from '../../../kiosk-config/src/index';

/**
 * The `scanner.scanned` event for a code read by a scanner (a device's, or the shell's keyboard
 * wedge). A scan is only for the visitor at the screen: it is not logged and not kept. Payment
 * QRs and GS1 data are recognised here, from the code's bytes when a byte link delivered them.
 */
export function scannedEvent(code: ScannedCode): EventPayload<'scanner.scanned'> {
  const { kind } = classifyCode(code);
  const scanned = code.symbology ? { text: code.text, symbology: code.symbology } : { text: code.text };
  return { ...scanned, kind };
}

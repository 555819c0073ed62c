import { EscPosPaperDecoder, type PaperEvent } from '../escpos/escpos-paper-decoder';
import {
  buildAsbBlock,
  buildStatusByte,
  buildTransmitStatusByte,
  type PrinterCondition,
} from '../escpos/escpos-status';
import { FakeTransport, type FakeTransportOptions } from '../transport/fake-transport';

/** A scripted ESC/POS device on a `FakeTransport`, for unit tests of the printer driver. */
export interface FakeEscPosDevice {
  transport: FakeTransport;
  /** The condition the device reports; change it between calls. */
  condition: PrinterCondition;
  /** Answers nothing while true. */
  silent: boolean;
  /** Answers `DLE EOT` but never `GS r` (a printer that never confirms). */
  neverConfirm: boolean;
  /** Bytes sent before each answer, to test that noise is skipped. */
  noiseBeforeAnswer: number[];
  /** Everything the device decoded, in order. */
  events: PaperEvent[];
  /** Called after each decoded write, e.g. to run out of paper in the middle of a job. */
  afterWrite?: (events: PaperEvent[]) => void;
  /** Sends an automatic status back block for the current condition, as a printer with ASB on. */
  sendAsb(): void;
}

/**
 * Builds a fake device that decodes what is written, answers `DLE EOT n` from `condition`, and
 * answers `GS r 1` in order unless the condition stops it (paper out, cover open, an error),
 * as a real printer does not process it then.
 */
export function createFakeEscPosDevice(options: FakeTransportOptions = {}): FakeEscPosDevice {
  const decoder = new EscPosPaperDecoder({ codePages: { 17: 'cp866' } });
  const device: FakeEscPosDevice = {
    transport: new FakeTransport(options),
    condition: {},
    silent: false,
    neverConfirm: false,
    noiseBeforeAnswer: [],
    events: [],
    sendAsb: () => device.transport.emitData(buildAsbBlock(device.condition)),
  };
  device.transport.responder = (written, transport) => {
    const events = decoder.push(written);
    device.events.push(...events);
    device.afterWrite?.(events);
    for (const event of events) {
      if (device.silent) continue;
      if (event.type === 'status_request') {
        transport.emitData([...device.noiseBeforeAnswer, buildStatusByte(event.n, device.condition)]);
      }
      const { paperOut, coverOpen, error, cutterError } = device.condition;
      const stopped = paperOut || coverOpen || error || cutterError;
      if (event.type === 'transmit_status_request' && !device.neverConfirm && !stopped) {
        transport.emitData([buildTransmitStatusByte(device.condition)]);
      }
    }
  };
  return device;
}

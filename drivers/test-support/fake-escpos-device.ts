import { EscPosPaperDecoder, type PaperEvent } from '../escpos/escpos-paper-decoder';
import { buildStatusByte, type PrinterCondition } from '../escpos/escpos-status';
import { FakeTransport, type FakeTransportOptions } from '../transport/fake-transport';

/** A scripted ESC/POS device on a `FakeTransport`, for unit tests of the printer driver. */
export interface FakeEscPosDevice {
  transport: FakeTransport;
  /** The condition the device reports; change it between calls. */
  condition: PrinterCondition;
  /** Answers nothing while true. */
  silent: boolean;
  /** Bytes sent before each answer, to test that noise is skipped. */
  noiseBeforeAnswer: number[];
  /** Everything the device decoded, in order. */
  events: PaperEvent[];
  /** Called after each decoded write, e.g. to run out of paper in the middle of a job. */
  afterWrite?: (events: PaperEvent[]) => void;
}

/** Builds a fake device that decodes what is written and answers `DLE EOT n` from `condition`. */
export function createFakeEscPosDevice(options: FakeTransportOptions = {}): FakeEscPosDevice {
  const decoder = new EscPosPaperDecoder({ codePages: { 17: 'cp866' } });
  const device: FakeEscPosDevice = {
    transport: new FakeTransport(options),
    condition: {},
    silent: false,
    noiseBeforeAnswer: [],
    events: [],
  };
  device.transport.responder = (written, transport) => {
    const events = decoder.push(written);
    device.events.push(...events);
    device.afterWrite?.(events);
    for (const event of events) {
      if (event.type !== 'status_request' || device.silent) continue;
      transport.emitData([...device.noiseBeforeAnswer, buildStatusByte(event.n, device.condition)]);
    }
  };
  return device;
}

import { fail, ok, type Result } from '../../../kiosk-config/src/contract/result';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import { TypedEmitter } from '../../../kiosk-config/src/lib/typed-emitter';
import type { ByteTransport } from '../../transport/byte-transport';
import { ApduStreamParser, encodeApdu, type ZvtApdu } from './protocol/zvt-apdu';
import { ACK, encodeSerialFrame, NAK, SerialFrameParser } from './protocol/zvt-serial-framing';

/**
 * Why an APDU was not delivered.
 *
 * - `not_open`: the connection was not there; nothing was written.
 * - `nak`: (serial) the receiver answered NAK to every attempt: it has not taken the APDU.
 * - `no_ack`: (serial) no ACK to at least one attempt: the APDU may have arrived, its ACK lost.
 * - `write_failed`: the write failed or the connection broke during it: it may have gone out.
 */
export type ZvtSendFailure = 'not_open' | 'nak' | 'no_ack' | 'write_failed';

/** The outcome of `ZvtLink.send`: delivered, or why not (`code`) with a message for the log. */
export type ZvtSendResult = Result<void, ZvtSendFailure>;

const SENT: ZvtSendResult = ok(undefined);

/**
 * One APDU at a time between the kiosk (ECR) and the payment terminal (PT), whatever the wire:
 * `ZvtSerialLink` (RS-232 framing, ACK/NAK, retransmission) or `ZvtTcpLink` (raw APDUs).
 *
 * The link delivers APDUs; what they mean (who has master rights, which answer belongs to which
 * command) is `ZvtTerminal`'s business. The simulator uses the same links from the PT's side.
 */
export interface ZvtLink {
  readonly address: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Sends one APDU; resolves once the peer has it (serial: its ACK) or says why not. Never rejects. */
  send(apdu: ZvtApdu): Promise<ZvtSendResult>;
  /** Subscribes to APDUs from the peer; returns the unsubscribe function. */
  onApdu(listener: (apdu: ZvtApdu) => void): () => void;
  /** Subscribes to the connection closing (with the error when it was lost). */
  onClose(listener: (error?: Error) => void): () => void;
}

/**
 * What both links do alike: the transport's lifecycle, and APDUs from the peer handed to the
 * listeners. Each link adds its own wire rules: how APDUs are sent and cut from the byte stream.
 */
abstract class ZvtLinkOverTransport implements ZvtLink {
  readonly address: string;
  readonly #apdus = new TypedEmitter<[apdu: ZvtApdu]>();

  constructor(protected readonly transport: ByteTransport) {
    this.address = transport.address;
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  open(): Promise<void> {
    return this.transport.open();
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  abstract send(apdu: ZvtApdu): Promise<ZvtSendResult>;

  onApdu(listener: (apdu: ZvtApdu) => void): () => void {
    return this.#apdus.on(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.transport.onClose(listener);
  }

  /** Hands an APDU from the peer to every listener (a listener may unsubscribe meanwhile). */
  protected deliver(apdu: ZvtApdu): void {
    this.#apdus.emit(apdu);
  }
}

/** Options of `ZvtSerialLink`. */
export interface ZvtSerialLinkOptions {
  /** How long to wait for the ACK/NAK byte after a frame, in ms (default 2000). */
  ackTimeoutMs?: number;
  /** How many times a frame is sent before giving up (default 3: once and two repetitions). */
  maxAttempts?: number;
}

/**
 * The ZVT serial transport protocol over a byte transport (a `SerialTransport`, or the
 * reconnecting link of `createSerialLink`).
 *
 * Sending: the frame is written and the receiver must answer ACK within `ackTimeoutMs`; on NAK or
 * silence it is sent again, up to `maxAttempts` times. Receiving: each frame with a good CRC is
 * answered ACK and delivered; a damaged one is answered NAK, so the peer repeats it. Sends queue
 * one behind the other: the line carries one frame at a time.
 */
export class ZvtSerialLink extends ZvtLinkOverTransport {
  private readonly parser = new SerialFrameParser();
  private readonly ackTimeoutMs: number;
  private readonly maxAttempts: number;
  /** Waiting for the link answer to the frame in flight. */
  private awaitingAnswer: ((answer: 'ack' | 'nak' | 'closed') => void) | null = null;
  /** Frames one at a time: each waits for the answer to the one before. */
  private readonly sends = new SerialExecutor();

  constructor(transport: ByteTransport, options: ZvtSerialLinkOptions = {}) {
    super(transport);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 2000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    transport.onData((chunk) => this.receive(chunk));
    transport.onClose(() => {
      this.parser.reset();
      this.awaitingAnswer?.('closed');
    });
  }

  override send(apdu: ZvtApdu): Promise<ZvtSendResult> {
    return this.sends.run(() => this.sendNow(apdu));
  }

  private async sendNow(apdu: ZvtApdu): Promise<ZvtSendResult> {
    if (!this.transport.isOpen) return fail('not_open', `${this.address} is not open`);
    const frame = encodeSerialFrame(encodeApdu(apdu));
    let silent = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const answer = this.nextAnswer();
      try {
        await this.transport.write(frame);
      } catch (error) {
        answer.cancel();
        // Nothing of the first attempt left: the port was not there. Later, a frame may be out.
        const neverWritten = attempt === 1 && !this.transport.isOpen && isNotOpen(error);
        return fail(neverWritten ? 'not_open' : 'write_failed', error instanceof Error ? error.message : String(error));
      }
      const result = await answer.promise;
      if (result === 'ack') return SENT;
      if (result === 'closed') {
        return fail('write_failed', `${this.address} was lost waiting for the ACK`);
      }
      if (result === 'timeout') silent++;
    }
    return silent > 0
      ? fail('no_ack', `no ACK within ${this.ackTimeoutMs} ms, ${this.maxAttempts} attempts`)
      : fail('nak', `NAK to ${this.maxAttempts} attempts`);
  }

  /** The link answer to the frame about to be written: ACK, NAK, silence, or the port gone. */
  private nextAnswer(): { promise: Promise<'ack' | 'nak' | 'timeout' | 'closed'>; cancel(): void } {
    let cancel = () => {};
    const promise = new Promise<'ack' | 'nak' | 'timeout' | 'closed'>((resolve) => {
      const timer = setTimeout(() => settle('timeout'), this.ackTimeoutMs);
      const settle = (answer: 'ack' | 'nak' | 'timeout' | 'closed') => {
        clearTimeout(timer);
        if (this.awaitingAnswer === onAnswer) this.awaitingAnswer = null;
        resolve(answer);
      };
      const onAnswer = (answer: 'ack' | 'nak' | 'closed') => settle(answer);
      this.awaitingAnswer = onAnswer;
      cancel = () => settle('closed');
    });
    return { promise, cancel };
  }

  private receive(chunk: Uint8Array): void {
    for (const event of this.parser.push(chunk)) {
      switch (event.type) {
        case 'ack':
        case 'nak':
          // An answer nobody waits for (late, or noise that looks like one) changes nothing.
          this.awaitingAnswer?.(event.type);
          break;
        case 'bad_frame':
          this.writeControl(NAK);
          break;
        case 'frame':
          // ACK first: the peer's timer runs from its last byte, our listeners may take a while.
          this.writeControl(ACK);
          this.deliver(event.apdu);
          break;
      }
    }
  }

  private writeControl(byte: number): void {
    this.transport.write(Uint8Array.of(byte)).catch(() => undefined);
  }
}

/** Options of `ZvtTcpLink`. */
export interface ZvtTcpLinkOptions {
  /** Longest APDU accepted from the peer, in bytes (default the protocol's limit). */
  maxApduBytes?: number;
}

/**
 * The ZVT TCP/IP transport: APDUs as they are, no framing, no link answers (TCP delivers intact
 * and in order). Terminals listen on port 20007 by default; the kiosk connects.
 */
export class ZvtTcpLink extends ZvtLinkOverTransport {
  private readonly parser: ApduStreamParser;

  constructor(transport: ByteTransport, options: ZvtTcpLinkOptions = {}) {
    super(transport);
    this.parser = new ApduStreamParser(
      options.maxApduBytes === undefined ? {} : { maxApduBytes: options.maxApduBytes },
    );
    transport.onData((chunk) => {
      for (const apdu of this.parser.push(chunk)) this.deliver(apdu);
    });
    transport.onClose(() => this.parser.reset());
  }

  override async send(apdu: ZvtApdu): Promise<ZvtSendResult> {
    if (!this.transport.isOpen) return fail('not_open', `${this.address} is not open`);
    try {
      await this.transport.write(encodeApdu(apdu));
      return SENT;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return fail(isNotOpen(error) ? 'not_open' : 'write_failed', message);
    }
  }
}

/** A `TransportError` with code `not_open`: the write never started. */
function isNotOpen(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'not_open';
}

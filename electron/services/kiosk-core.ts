import type { EventName, KioskInfo, Result } from '../../kiosk-config/src/index';
import type { HostControls } from './fleet/command-actions';
import type { HubOverride } from './hub/hub-services';
import type { PaymentPolicy } from './payments/payment-steps';
import type { SessionClock } from './session/visitor-session';
import type { SpeechDevices } from './speech/speech-devices';
import type { StatFs } from './storage/disk-space';
import type { SystemCommands } from './technician/link-and-service/system-commands';

/**
 * The kiosk's core: every service, started by one composition root (`startKioskCore`) and used
 * alike by the Electron main process (over IPC) and the browser host (over a WebSocket).
 */
export interface KioskCore {
  readonly info: KioskInfo;
  /**
   * Handles one call from an untrusted transport: checks the name and the input against the
   * contract, runs the service, checks the output. Never throws; faults come back as results.
   */
  dispatch(name: unknown, input: unknown): Promise<Result<unknown>>;
  /**
   * Takes a code read by a scanner the shell captures itself (a keyboard-wedge scanner, from the
   * window's key events) and delivers it as a device's scan: the `scanner.scanned` event. The
   * code is never logged.
   */
  acceptScan(code: { text: string; symbology?: string }, source: 'wedge'): void;
  /** Subscribes to the events for the UI (payloads already valid); returns the unsubscribe. */
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  /**
   * Gives the core what only the host can do for the centre's remote commands (restart the app,
   * capture the screen); without it those commands are refused with a reason.
   */
  attachHost?(controls: HostControls): void;
  /** Stops timers, closes devices and simulators, flushes logs. */
  close(): Promise<void>;
}

/** How the core is started. */
export interface KioskCoreOptions {
  /** Path of the kiosk config file; the embedded default when absent. */
  configPath?: string;
  /** Which host serves the UI (reported to the UI in `kiosk.info`). */
  host: KioskInfo['host'];
  /** Overrides the data folder from the config (tests use a temp folder). */
  dataDir?: string;
  /**
   * Where the hub is, overriding the config: the launchers pass the embedded hub they started
   * (its URL is known only then) with its provisioning token; tests pass a hub of their own.
   */
  hub?: HubOverride;
  /**
   * Overrides the payment service's timings from the config (tests: the config's minimums suit a
   * visitor with a card, not a test run that lets a terminal time out).
   */
  paymentPolicy?: Partial<PaymentPolicy>;
  /**
   * The visitor session's timers (tests: a manual clock fires «Вы ещё здесь?» when the test says,
   * instead of waiting out the idle time); real timers when absent.
   */
  sessionClock?: SessionClock;
  /** The free-space check of the data folder (`fs.statfs`; a low disk in tests). */
  diskStatfs?: StatFs;
  /** How long a content release on trial has to be reported healthy (ms; tests shorten the 60 s). */
  contentTrialMs?: number;
  /**
   * The OS commands of the technician's pages (`timedatectl`, `lsblk`, `udisksctl`) and of the
   * speech's mixer and headphone jack (`amixer`, `pactl`, unless `speechDevices` replaces them):
   * tests answer them without touching the machine's clock, disks or sound; the real ones when absent.
   */
  systemCommands?: SystemCommands;
  /** How long a saved device change waits for its device or «Работает» before rolling back (ms; tests shorten the 60 s). */
  configConfirmMs?: number;
  /** The speech's output, volume and headphones (tests: the recording hook); espeak-ng, the mixer and ALSA's jack when absent. */
  speechDevices?: SpeechDevices;
}

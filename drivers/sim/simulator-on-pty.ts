import { registerSimulatorPort, type SimulatorKind } from './live-simulator-ports';
import type { PtyPair } from './pty-pair';

/** What every device simulator can do on its end of a PTY pair. */
export interface PtySimulator {
  start(): Promise<void>;
  close(): Promise<void>;
  /** Reopens its end after the pair was unplugged and plugged back (simulators that support it). */
  reattach?(): Promise<void>;
}

/** A started simulator on a PTY pair: the path the driver opens, the simulator, its cable. */
export interface SimulatorOnPty<S extends PtySimulator> {
  /** The path the kiosk's driver opens. */
  devicePath: string;
  simulator: S;
  /** Pulls the cable (`PtyPair.unplug`). */
  unplug(): Promise<void>;
  /** Plugs it back at the same path, the simulator reattached before the path appears. */
  replug(): Promise<void>;
  /** Closes the simulator and stops socat, once however often called. Close the driver's side first. */
  close(): Promise<void>;
}

/**
 * Starts a simulator on its end of a PTY pair; if it cannot start, lets go of both and rethrows.
 * One place for what every `startSimulated…` function does around its own simulator.
 */
export async function startOnPtyPair<S extends PtySimulator>(
  pair: PtyPair,
  simulator: S,
  kind?: SimulatorKind,
): Promise<SimulatorOnPty<S>> {
  try {
    await simulator.start();
  } catch (error) {
    await simulator.close().catch(() => undefined);
    await pair.close();
    throw error;
  }
  let closing: Promise<void> | null = null;
  // Listed by the technician's port list as «симулятор» while it runs.
  const unregister = kind === undefined ? () => undefined : registerSimulatorPort(pair.devicePath, kind);
  return {
    devicePath: pair.devicePath,
    simulator,
    unplug: () => pair.unplug(),
    // The simulator is listening again before the kiosk can see its device path come back.
    replug: () => pair.replug({ beforeDeviceAppears: async () => simulator.reattach?.() }),
    close() {
      unregister();
      closing ??= simulator.close().finally(() => pair.close());
      return closing;
    },
  };
}

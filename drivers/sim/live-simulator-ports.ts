/** The kind of device a simulator plays. */
export type SimulatorKind = 'printer' | 'scanner' | 'document_reader' | 'payment_terminal';

/** The device paths of the simulators running in this process, by path. */
const live = new Map<string, SimulatorKind>();

/**
 * Records a running simulator's device path, so the technician's port list can show it as
 * «симулятор» (a PTY is invisible to serialport's and udev's listings). Returns the removal.
 */
export function registerSimulatorPort(devicePath: string, kind: SimulatorKind): () => void {
  live.set(devicePath, kind);
  return () => {
    if (live.get(devicePath) === kind) live.delete(devicePath);
  };
}

/** The simulators running in this process now: their device paths and kinds. */
export function liveSimulatorPorts(): Array<{ path: string; kind: SimulatorKind }> {
  return [...live].map(([path, kind]) => ({ path, kind }));
}

import { bundleLogs } from '../../fleet/log-bundle';
import type { ExportFile } from './usb-export';

/** What goes into the diagnostic file besides the logs: the kiosk's own state, never a visitor's. */
export interface DiagnosticState {
  kioskId: string;
  appVersion: string;
  /** The «Связь» page's view, the health state, the service mode: all free of visitor data by their schemas. */
  parts: Record<string, unknown>;
}

/** Options of `diagnosticBundle`. */
export interface DiagnosticBundleOptions {
  logsDir: string;
  /** Hours of log lines taken. */
  hours: number;
  /** The logs' gzip cap (bytes): the hub's attachment cap when sent there, more on a stick. */
  maxLogBytes: number;
  state: DiagnosticState;
  now: Date;
}

/**
 * The bundle a technician takes away: the kiosk's log lines of the last `hours` (the fleet's
 * `bundleLogs`: own files only, redacted again, gzip) and `diagnostic.json` (versions, link,
 * outbox, content, clock, health, service mode).
 */
export async function diagnosticBundle(
  options: DiagnosticBundleOptions,
): Promise<{ files: ExportFile[]; logLines: number }> {
  const logs = await bundleLogs({
    logsDir: options.logsDir,
    since: new Date(options.now.getTime() - options.hours * 3_600_000),
    maxBytes: options.maxLogBytes,
  });
  const diagnostic = {
    kioskId: options.state.kioskId,
    appVersion: options.state.appVersion,
    createdAt: options.now.toISOString(),
    logLines: logs.lines,
    logLinesLeftOut: logs.leftOut,
    ...options.state.parts,
  };
  return {
    files: [
      { name: 'okno-logs.jsonl.gz', data: logs.gzip },
      { name: 'diagnostic.json', data: Buffer.from(`${JSON.stringify(diagnostic, null, 2)}\n`) },
    ],
    logLines: logs.lines,
  };
}

/** The bundle's folder name on a stick: `okno-<kiosk>-<UTC stamp>` (safe characters only). */
export function bundleFolderName(kioskId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const kiosk = kioskId.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 60);
  return `okno-${kiosk}-${stamp}`;
}

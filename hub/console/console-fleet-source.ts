import type { Result } from '../../kiosk-config/src/contract/result';

/**
 * What the console's fleet, kiosk, alerts and commands pages render from: `HubFleetSource`
 * answers from the hub's health store, alerts and command queue (hub/console/hub-fleet-source.ts).
 * The console filters by role and office itself: a source returns everything.
 */
export interface ConsoleFleetSource {
  listKiosks(): Promise<ConsoleKiosk[]>;
  findKiosk(kioskId: string): Promise<ConsoleKiosk | undefined>;
  /** The kiosk's newest events first. */
  recentEvents(kioskId: string, limit: number): Promise<ConsoleKioskEvent[]>;
  /** Open alerts (and closed ones with `includeClosed`), the newest first. */
  listAlerts(filter?: { kioskId?: string; includeClosed?: boolean }): Promise<ConsoleAlert[]>;
  /** A person saw it (at the hub's time); the alert stays open until its condition clears. */
  acknowledgeAlert(alertId: string, by: string): Promise<Result<ConsoleAlert, 'not_found' | 'closed'>>;
  /** The remote commands, when the hub has them; without, the pages say so. */
  commands?: ConsoleCommandSource;
}

/** The allow-listed remote commands: issue and follow. */
export interface ConsoleCommandSource {
  /** What may be issued, with a Russian label for the button and the fields its form asks for. */
  kinds(): readonly ConsoleCommandKind[];
  /** The kiosk's newest commands first, with their results. */
  list(kioskId: string, limit: number): Promise<ConsoleCommand[]>;
  issue(request: {
    kioskId: string;
    kind: string;
    /** The form's fields as typed (strings; the kind's schema checks and converts them). */
    params: Readonly<Record<string, string>>;
    issuedBy: string;
  }): Promise<Result<ConsoleCommand, 'unknown_kiosk' | 'unknown_kind' | 'refused'>>;
}

/** A kind of command as the kiosk page offers it. */
export interface ConsoleCommandKind {
  kind: string;
  label: string;
  /** The parameters its form asks for (none: a plain button). */
  fields: readonly { name: string; label: string; defaultValue: string; numeric?: boolean }[];
}

/** What the visitor can do at a kiosk, at a glance. */
export type ConsoleKioskState =
  | 'in_service'
  | 'degraded'
  | 'out_of_service'
  | 'updating'
  /** No contact for longer than the silence threshold. */
  | 'silent'
  /** Never in contact since enrollment. */
  | 'unknown'
  | 'revoked';

/** One device of a kiosk. */
export interface ConsoleDevice {
  id: string;
  kind: string;
  connected: boolean;
  /** Machine names (`paper_near_end`, `offline`…); empty when ready. */
  problems: string[];
  /** Free text from the health report (last error, day closed at…), never personal data. */
  detail?: string;
}

/** A kiosk as the fleet page shows it. */
export interface ConsoleKiosk {
  kioskId: string;
  officeId: string;
  state: ConsoleKioskState;
  lastContactAt?: string;
  appVersion?: string;
  contentVersion?: number;
  /** The content's state (`current`, `trial`, `downloading`…). */
  contentState?: string;
  devices: ConsoleDevice[];
}

/** One event of a kiosk's recent history. */
export interface ConsoleKioskEvent {
  at: string;
  kind: string;
  /** A short Russian or technical summary, never personal data. */
  summary: string;
}

/** An alert. */
export interface ConsoleAlert {
  alertId: string;
  kioskId: string;
  officeId: string;
  /** The rule's machine name (`paper_near_end`, `kiosk_silent`…). */
  rule: string;
  /** One Russian line for people. */
  title: string;
  severity: 'warning' | 'critical';
  openedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  closedAt?: string;
}

/** A remote command and what became of it. */
export interface ConsoleCommand {
  commandId: string;
  kioskId: string;
  kind: string;
  /** The kind's Russian label. */
  label: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  state: 'pending' | 'delivered' | 'succeeded' | 'failed' | 'expired';
  result?: string;
}

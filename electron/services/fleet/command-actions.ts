import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import { weeklyHoursText } from '../../../kiosk-config/src/catalogue/weekly-hours-text';
import type { WeeklyHours } from '../../../kiosk-config/src/catalogue/working-hours';
import { DEFAULT_OUT_OF_SERVICE_INSTEAD, type ReceiptDocument } from '../../../kiosk-config/src/index';
import type { KioskContent } from '../content/start-content';
import type { EndOfDayResult } from '../payments/payment-service';
import type { VisitorSession } from '../session/visitor-session';
import type { CommandActions, CommandAttachmentFile, CommandOutcome } from './command-runner';
import { bundleLogs } from './log-bundle';
import type { ServiceMode } from './service-mode';

/**
 * What only the host can do (Electron's shell, the browser host), attached once its window or
 * browser runs: restarting the app, capturing the screen. Absent: the command is refused, saying so.
 */
export interface HostControls {
  /** Closes the core and restarts the app (the supervisor or Electron starts it again). */
  restart?: () => void;
  /** A picture of what the kiosk's screen shows, or why there is none. */
  captureScreen?: () => Promise<CommandAttachmentFile | { problem: string }>;
}

/** What the actions act on. */
export interface CommandActionDeps {
  kioskId: string;
  officeName: string;
  timeZone: string;
  session: VisitorSession;
  serviceMode: ServiceMode;
  content: Pick<KioskContent, 'check'>;
  printer: () => ReceiptPrinter | undefined;
  closeDay: () => Promise<EndOfDayResult>;
  /** The office's hours from the catalogue in force, shown out of service when the command names none. */
  officeHours: () => WeeklyHours | undefined;
  logsDir: string;
  host: () => HostControls;
  now?: () => Date;
}

const VISITOR_BUSY = 'a visitor is using the kiosk; try again when it is idle';

/** Resolves once no visitor session runs (at once when none does). */
export function whenSessionIdle(session: VisitorSession): Promise<void> {
  return new Promise((resolve) => {
    if (!session.active) resolve();
    else session.onNextEnd(() => resolve());
  });
}

/** The receipt printer's test page: who, where, when, the character set and a QR code. */
export function testPage(
  deps: Pick<CommandActionDeps, 'kioskId' | 'officeName' | 'timeZone'>,
  at: Date,
): ReceiptDocument {
  const when = at.toLocaleString('ru-RU', { timeZone: deps.timeZone, dateStyle: 'short', timeStyle: 'short' });
  return {
    lines: [
      { type: 'text', text: 'ПРОБНАЯ ПЕЧАТЬ', align: 'center', width: 2, height: 2, bold: true },
      { type: 'text', text: deps.officeName, align: 'center' },
      { type: 'rule' },
      { type: 'columns', left: 'Киоск', right: deps.kioskId },
      { type: 'columns', left: 'Время', right: when },
      { type: 'text', text: 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ' },
      { type: 'text', text: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя 0123456789 №' },
      { type: 'qr', data: `okno:test-page:${deps.kioskId}` },
      { type: 'text', text: 'Печать по команде из центра', align: 'center' },
      { type: 'feed', lines: 2 },
      { type: 'cut' },
    ],
  };
}

/** One action per kind of the allow-list, on the kiosk's real services. */
export function commandActions(deps: CommandActionDeps): CommandActions {
  const now = deps.now ?? (() => new Date());
  const done = (reason?: string): CommandOutcome => ({ result: 'done', ...(reason ? { reason } : {}) });
  const refused = (reason: string): CommandOutcome => ({ result: 'refused', reason });
  return {
    'content.refresh': {
      run: async () => {
        const outcome = await deps.content.check();
        if (outcome === 'disabled') return refused('the content channel is off on this kiosk');
        return outcome === 'offline'
          ? { result: 'failed', reason: 'content check: offline' }
          : done(`content check: ${outcome}`);
      },
    },
    'app.restart': {
      run: async () => {
        const restart = deps.host().restart;
        if (restart === undefined) return refused('this host cannot restart itself');
        return { result: 'done', reason: 'restarting', afterAck: restart };
      },
    },
    'service.out': {
      // A visitor in the middle of a ticket or a payment finishes first; the session ends by itself.
      whenReady: () => whenSessionIdle(deps.session),
      run: async (params) => {
        const given = params as { instead?: string; hours?: string };
        const catalogueHours = deps.officeHours();
        const hours = given.hours ?? (catalogueHours && weeklyHoursText(catalogueHours));
        await deps.serviceMode.set(
          {
            inService: false,
            instead: given.instead ?? DEFAULT_OUT_OF_SERVICE_INSTEAD,
            ...(hours === undefined ? {} : { hours }),
          },
          { by: 'centre', at: now().toISOString() },
        );
        return done('out of service');
      },
    },
    'service.in': {
      run: async () => {
        // The set mode only: a kiosk its host put out of service (a failing page) comes back by itself.
        if (deps.serviceMode.remote.inService) return done('already in service');
        await deps.serviceMode.set({ inService: true }, { by: 'centre', at: now().toISOString() });
        return done('back in service');
      },
    },
    'printer.testPage': {
      run: async () => {
        if (deps.session.active) return refused(VISITOR_BUSY);
        const printer = deps.printer();
        if (printer === undefined) return refused('no receipt printer is attached');
        const printed = await printer.print(testPage(deps, now()));
        return printed.ok ? done('printed') : { result: 'failed', reason: `printer: ${printed.error.code}` };
      },
    },
    'terminal.closeDay': {
      run: async () => {
        const closed = await deps.closeDay();
        if (!closed.ok) {
          const reason = `${closed.error.code}: ${closed.error.message}`;
          return closed.error.code === 'unsettled_payments' ? refused(reason) : { result: 'failed', reason };
        }
        return done(`day closed: ${closed.value.report.count} payment(s), ${closed.value.report.totalMinor} kopecks`);
      },
    },
    'logs.upload': {
      run: async (params) => {
        const { hours } = params as { hours: number };
        const bundle = await bundleLogs({ logsDir: deps.logsDir, since: new Date(now().getTime() - hours * 3600_000) });
        const leftOut = bundle.leftOut > 0 ? `; the oldest ${bundle.leftOut} left out to fit` : '';
        return {
          result: 'done',
          reason: `${bundle.lines} line(s) of the last ${hours} h, ${bundle.gzip.length} bytes gzip${leftOut}`,
          attachment: { mediaType: 'application/gzip', data: bundle.gzip },
        };
      },
    },
    'screen.capture': {
      run: async () => {
        // The screen may show a visitor's data only during a session: none runs, nothing of theirs is on it.
        if (deps.session.active) return refused(`${VISITOR_BUSY} (the screen may show their data)`);
        const capture = deps.host().captureScreen;
        if (capture === undefined) return refused('this host cannot capture its screen');
        const picture = await capture();
        if ('problem' in picture) return { result: 'failed', reason: picture.problem };
        // Checked again: a visitor may have touched the screen while it was being captured.
        if (deps.session.active) return refused(`${VISITOR_BUSY} (a session started during the capture)`);
        return { result: 'done', reason: `${picture.mediaType}, ${picture.data.length} bytes`, attachment: picture };
      },
    },
  };
}

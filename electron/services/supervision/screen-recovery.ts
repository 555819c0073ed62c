import type { ServiceMode } from '../fleet/service-mode';
import type { VisitorSession } from '../session/visitor-session';
import { RestartPolicy } from './restart-policy';

/**
 * How the kiosk's page was lost. `closed` (the window closed by a key: Alt+F4, Ctrl+W) and
 * `memory` (restarted on purpose at the memory ceiling) are not failures of the kiosk and do not
 * count towards out of service; every other loss does.
 */
export type PageLoss =
  | 'crashed'
  | 'killed'
  | 'closed'
  | 'frozen'
  | 'memory'
  | 'gpu_gone'
  /** The browser ended, or stayed silent, before its page ever answered (a start that fails). */
  | 'never_up';

const NOT_FAILURES: ReadonlySet<PageLoss> = new Set(['closed', 'memory']);

/** The three levels the supervisors log at (pino's logger and the shell's fit). */
export interface SupervisionLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the recovery acts on. */
export interface ScreenRecoveryOptions {
  session: Pick<VisitorSession, 'active' | 'end'>;
  serviceMode: Pick<ServiceMode, 'setScreenFailing'>;
  log: SupervisionLogger;
  policy?: RestartPolicy;
  now?: () => number;
}

/**
 * What both hosts do when their page is lost, whatever the runtime (Chromium under the browser
 * host, Electron's renderer): the visitor's session is ended (their screen is gone; a card payment
 * under way is not touched: it runs on, journaled, and the next page learns its end), the loss is
 * counted by the restart policy, and when the page keeps failing the kiosk goes out of service,
 * which the health report carries to the hub as `screen_failing` (the technician's alert); a page
 * that then stays up puts it back. The host brings the page back after the delay returned.
 */
export class ScreenRecovery {
  readonly policy: RestartPolicy;
  readonly #options: ScreenRecoveryOptions;
  readonly #now: () => number;

  constructor(options: ScreenRecoveryOptions) {
    this.#options = options;
    this.policy = options.policy ?? new RestartPolicy();
    this.#now = options.now ?? Date.now;
  }

  /** The page was lost: returns how long to wait before bringing it back (ms). */
  pageLost(loss: PageLoss): number {
    const { session, serviceMode, log } = this.#options;
    if (session.active) {
      // Ended on the main side now: the new page starts at home with no visitor data.
      session.end('restart');
      log.warn({ loss }, 'visitor session ended: the kiosk page was lost');
    }
    if (NOT_FAILURES.has(loss)) {
      log.warn({ loss }, 'kiosk page lost: bringing it back');
      return 0;
    }
    const decision = this.policy.recordFailure(this.#now());
    log.error({ loss, ...decision }, 'kiosk page failed: bringing it back');
    if (decision.wentOutOfService) {
      log.error(
        { loss, failuresInWindow: decision.failuresInWindow, retryMs: decision.delayMs },
        'kiosk out of service: its page keeps failing (technician alerted)',
      );
      serviceMode.setScreenFailing(true);
    }
    return decision.delayMs;
  }

  /** The page answered (a heartbeat): a kiosk out of service comes back once the page has stayed up. */
  pageAlive(): void {
    if (!this.policy.recordHealthy(this.#now())) return;
    this.#options.log.info({}, 'kiosk back in service: its page stayed up');
    this.#options.serviceMode.setScreenFailing(false);
  }
}

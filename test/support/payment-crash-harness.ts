import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPrinterProfile } from '../../drivers/printer/load-printer-profile';
import type { PaperTicket, SimulatedPrinter } from '../../drivers/sim/escpos-printer-simulator';
import { startSimulatedPrinter } from '../../drivers/sim/escpos-printer-simulator';
import {
  type SimulatedZvtTcpTerminal,
  startSimulatedZvtTerminal,
  type ZvtSimCommand,
  type ZvtSimFault,
  type ZvtSimRecord,
} from '../../drivers/sim/zvt-terminal-simulator';
import { findAppRoot } from '../../electron/services/app-root';
import { openLogger } from '../../electron/services/logging/logger';
import type { PaymentRecord } from '../../electron/services/payments/payment-journal';
import { isFinal } from '../../electron/services/payments/payment-state';
import { PAYMENT_CRASH_POINTS } from '../../electron/services/payments/payment-steps';
import { CRASH_AT_ENV, CRASH_AT_HIT_ENV } from '../../electron/services/storage/crash-point';
import { type LaunchedHub, launchHub } from '../../hub/server/start-hub';
import type { ReportedPayment } from '../../kiosk-config/src/hub/payments-api';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import { bundleCrashChild } from './crash-child';

/**
 * The payment crash harness: kills a real kiosk process (`test/integration/payment-crash-child.ts`)
 * in the middle of card payments, restarts it, and checks after every run that nothing was
 * charged twice or lost. Shared by `test/integration/payment-crash.test.ts` (a short run in
 * `npm test`) and `bench/payment-crash.bench.ts` (the long run under `npm run bench`).
 *
 * What lives where: the kiosk child holds the payment journal, the ZVT driver, the ESC/POS driver
 * and the outbox; the parent (this module) holds what survives the kiosk's death — the ZVT
 * terminal simulator on 127.0.0.1 (behind a relay that counts the dialogue's bytes, to kill the
 * child at any one of them), the printer simulator on a PTY (the paper), and the real hub on a
 * temp SQLite file (the ledger). docs/payments.md, "Crash testing", tells the whole story.
 */

/** How the kiosk is killed during a run's payment (and the recovery pass that follows it). */
export type Kill =
  /** The child SIGKILLs itself at a named crash point (`OKNO_CRASH_AT`), at its `hit`th pass. */
  | { kind: 'point'; point: PaymentCrashPoint; hit?: number }
  /** The parent SIGKILLs the child when the ZVT dialogue (both ways) reaches this byte of the payment. */
  | { kind: 'zvt_byte'; byte: number }
  /** The parent SIGKILLs the child this long after it asked for the payment. */
  | { kind: 'delay'; ms: number }
  | { kind: 'none' };

export type PaymentCrashPoint = (typeof PAYMENT_CRASH_POINTS)[number];

/** How many named crash points the payment code has. */
export const PAYMENT_CRASH_POINT_COUNT = PAYMENT_CRASH_POINTS.length;

/** Something going wrong besides the kill: at the terminal, or at the printer. */
export type RunFault =
  | { at: 'terminal'; command: ZvtSimCommand; fault: ZvtSimFault }
  /** The printer runs out of paper after printing a few lines of the receipt (the receipt is not delivered). */
  | { at: 'printer'; fault: 'paper_out_mid_print'; afterLines: number };

/** One run: a payment, a kill (maybe), faults, and maybe a kill of the recovery after the restart. */
export interface RunPlan {
  label: string;
  amountMinor: number;
  kill: Kill;
  faults: RunFault[];
  /** A kill of the first restarted kiosk while it recovers (a crash while recovering). */
  recoveryKill?: RecoveryKill;
  /** Its named points are sure to be met: one that did not kill is tried again (timing on a loaded machine). */
  mustKill?: boolean;
}

/** How a restarted kiosk is killed while it recovers: at a named point, or so long after it starts recovering. */
export type RecoveryKill = { kind: 'point'; point: PaymentCrashPoint; hit?: number } | { kind: 'delay'; ms: number };

/** An invariant broken, with enough to find it again. */
export interface Violation {
  invariant:
    | 'a_no_double_charge'
    | 'b_receipt_or_reversal'
    | 'c_settled_or_reported'
    | 'd_ledger_equals_journal'
    | 'e_totals'
    | 'f_mismatch_never_paid';
  run: string;
  paymentId?: string;
  detail: string;
}

/** What one run did. */
export interface RunResult {
  plan: RunPlan;
  /** The kiosk died during the payment or its recovery pass (SIGKILL, self-inflicted or not). */
  killed: boolean;
  /** Of which by a named crash point (the child killed itself). */
  killedAtPoint: boolean;
  /** Kills of restarted kiosks while they recovered. */
  recoveryKills: number;
  /** Kiosk processes started for this run (restarts). */
  starts: number;
  outcome?: string;
  durationMs: number;
  violations: Violation[];
}

/** The counts a run of the harness ends with. */
export interface CrashSummary {
  seed: number;
  runs: number;
  /** Distinct kill specifications tried (named points with their hit, ZVT bytes, delays). */
  crashPointsTried: number;
  /** Named crash points that killed the kiosk at least once (of `PAYMENT_CRASH_POINTS.length`). */
  namedPointsKilled: string[];
  namedPointsNeverKilled: string[];
  /** Named points that killed a restarted kiosk while it recovered. */
  recoveryPointsKilled: string[];
  /** Kills that happened (payment phase and recovery phase). */
  kills: number;
  killsByKind: Record<Kill['kind'] | 'recovery', number>;
  kioskStarts: number;
  payments: number;
  /** Final states of the journal's payments at the end. */
  finalStates: Record<string, number>;
  /** Why the payments waiting for a person wait (reason: detail → count). */
  attention: Record<string, number>;
  violations: Violation[];
  endOfDay?: {
    matched: boolean;
    terminal: { count: number; totalMinor: number };
    ledger: { count: number; totalMinor: number };
  };
  durationMs: number;
  msPerRun: number;
}

/** Amounts of the demo catalogue's fees (the child pays that service's fee: the hub must believe it). */
const FEES = [150_000, 150_000, 400_000, 1_500_000];

/**
 * What makes a payment meet each named crash point (in the payment or the recovery pass right
 * after it): most are on the plain approved path; the rest need the terminal or the printer to
 * misbehave.
 */
function faultsToMeet(point: PaymentCrashPoint): RunFault[] {
  const paperOut: RunFault = { at: 'printer', fault: 'paper_out_mid_print', afterLines: 4 };
  switch (point) {
    case 'payment:reported:unknown':
    case 'payment:unknown':
      return [{ at: 'terminal', command: 'authorise', fault: { kind: 'approvalReplyLost' } }];
    case 'payment:reversing':
    case 'payment:reverse-answered':
    case 'payment:reported:reversed':
    case 'payment:reversed':
      return [paperOut];
    case 'payment:reported:declined':
    case 'payment:declined':
      return [{ at: 'terminal', command: 'authorise', fault: { kind: 'decline' } }];
    case 'payment:reported:cancelled':
    case 'payment:cancelled':
      return [{ at: 'terminal', command: 'authorise', fault: { kind: 'cardholderCancel' } }];
    case 'payment:reported:needs_attention':
    case 'payment:needs_attention':
      // The terminal says «already reversed» (B4) to a hold that lapsed without a reversal of its
      // own, so its last transaction is no evidence of one: a person looks (docs/payments.md). (A
      // reversal whose answer was lost is no longer one: the ZVT driver finds it by Repeat Receipt.)
      return [paperOut, { at: 'terminal', command: 'reverse', fault: { kind: 'reservationLapsed' } }];
    default:
      return [];
  }
}

/** Faults mixed into random runs: the terminal's and the printer's bad days. */
const RANDOM_FAULTS: RunFault[][] = [
  [{ at: 'terminal', command: 'authorise', fault: { kind: 'approvalReplyLost' } }],
  [{ at: 'terminal', command: 'authorise', fault: { kind: 'timeout' } }],
  [{ at: 'terminal', command: 'authorise', fault: { kind: 'powerLoss', offForMs: 300 } }],
  [{ at: 'terminal', command: 'authorise', fault: { kind: 'powerLoss', afterApproval: true, offForMs: 300 } }],
  [{ at: 'terminal', command: 'authorise', fault: { kind: 'connectionLostMidAuth', reconnectAfterMs: 50 } }],
  [{ at: 'terminal', command: 'authorise', fault: { kind: 'decline' } }],
  [{ at: 'terminal', command: 'authorise', fault: { kind: 'cardholderCancel' } }],
  [{ at: 'terminal', command: 'commit', fault: { kind: 'approvalReplyLost' } }],
  [{ at: 'terminal', command: 'commit', fault: { kind: 'timeout' } }],
  [{ at: 'terminal', command: 'commit', fault: { kind: 'powerLoss', afterApproval: true, offForMs: 300 } }],
  [{ at: 'terminal', command: 'repeat_receipt', fault: { kind: 'timeout' } }],
  [{ at: 'printer', fault: 'paper_out_mid_print', afterLines: 6 }],
  [
    { at: 'printer', fault: 'paper_out_mid_print', afterLines: 2 },
    { at: 'terminal', command: 'reverse', fault: { kind: 'timeout' } },
  ],
];

/**
 * Approvals of something else than asked (a faulty terminal, a replayed answer), each once: clean,
 * and killed just after the approval was journaled or just before the reversal was sent.
 */
export const MISMATCH_RUNS: { label: string; fault: ZvtSimFault; kill: Kill }[] = [
  { label: 'another amount', fault: { kind: 'mismatchedApproval' }, kill: { kind: 'none' } },
  { label: 'another currency', fault: { kind: 'mismatchedApproval', currency: 978 }, kill: { kind: 'none' } },
  { label: 'a replayed approval', fault: { kind: 'mismatchedApproval', replay: true }, kill: { kind: 'none' } },
  {
    label: 'another amount, killed once journaled',
    fault: { kind: 'mismatchedApproval' },
    kill: { kind: 'point', point: 'payment:authorised' },
  },
  {
    label: 'another amount, killed before the reversal',
    fault: { kind: 'mismatchedApproval' },
    kill: { kind: 'point', point: 'payment:reversing' },
  },
];

/** The runs of `MISMATCH_RUNS`, for their own series (the bench adds them to its long run). */
export function planMismatchRuns(random: () => number): RunPlan[] {
  return MISMATCH_RUNS.map((run) => ({
    label: `approval mismatch: ${run.label}`,
    amountMinor: FEES[Math.floor(random() * FEES.length)] ?? 150_000,
    kill: run.kill,
    faults: [{ at: 'terminal', command: 'authorise', fault: run.fault }],
    ...(run.kill.kind === 'point' ? { mustKill: true } : {}),
  }));
}

/**
 * A crash during the payment, then another while the restarted kiosk recovers from it, at a point
 * that recovery is sure to meet: what recovery does must survive a crash too.
 */
export const RECOVERY_CRASHES: { during: PaymentCrashPoint; recovering: PaymentCrashPoint }[] = [
  { during: 'payment:authorising', recovering: 'payment:last-transaction-answered' },
  { during: 'payment:authorise-answered', recovering: 'payment:authorised' },
  { during: 'payment:authorised', recovering: 'payment:reversing' },
  { during: 'payment:authorised', recovering: 'payment:reverse-answered' },
  { during: 'payment:fiscal-registered', recovering: 'payment:reported:reversed' },
  { during: 'payment:delivering', recovering: 'payment:reported:delivered' },
  { during: 'payment:receipt-printed', recovering: 'payment:delivered' },
  { during: 'payment:delivered', recovering: 'payment:commit-answered' },
  { during: 'payment:reported:delivered', recovering: 'payment:reported:committed' },
  { during: 'payment:unknown', recovering: 'payment:reverse-answered' },
  // The reversal done, its answer lost with the kiosk: B4 when sent again, confirmed by Repeat Receipt.
  { during: 'payment:reverse-answered', recovering: 'payment:reported:reversed' },
];

/**
 * The runs: every named crash point once (with what it takes to meet it), then `random` more,
 * each with a kill at a random byte of the ZVT dialogue, after a random delay, or at a random
 * named point and pass, often with a terminal or printer fault; some of the killed kiosks are
 * killed again while they recover. `calibration` is a clean payment's ZVT bytes and duration.
 */
export function planRuns(
  random: () => number,
  options: {
    random: number;
    calibration: { zvtBytes: number; payMs: number };
    /** Rounds of every named point (default 1), and of `RECOVERY_CRASHES` (default 1). */
    namedRounds?: number;
    recoveryRounds?: number;
    /** Only so many of `RECOVERY_CRASHES` a round, chosen at random (default all). */
    recoveryCrashes?: number;
  },
): RunPlan[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const amount = () => pick(FEES);
  const plans: RunPlan[] = [];
  for (let round = 0; round < (options.namedRounds ?? 1); round += 1) {
    for (const point of PAYMENT_CRASH_POINTS) {
      plans.push({
        label: `${point}${round > 0 ? ` #${round + 1}` : ''}`,
        amountMinor: amount(),
        kill: { kind: 'point', point },
        faults: faultsToMeet(point),
        mustKill: true,
      });
    }
  }
  for (let round = 0; round < (options.recoveryRounds ?? 1); round += 1) {
    const chosen = [...RECOVERY_CRASHES]
      .map((pair) => ({ pair, key: random() }))
      .sort((a, b) => a.key - b.key)
      .slice(0, options.recoveryCrashes ?? RECOVERY_CRASHES.length)
      .map(({ pair }) => pair);
    for (const { during, recovering } of chosen) {
      plans.push({
        label: `${during}, then ${recovering} while recovering`,
        amountMinor: amount(),
        kill: { kind: 'point', point: during },
        faults: faultsToMeet(during),
        recoveryKill: { kind: 'point', point: recovering },
        mustKill: true,
      });
    }
  }
  for (let i = 0; i < options.random; i += 1) {
    const roll = random();
    let faults: RunFault[] = random() < 0.45 ? [...pick(RANDOM_FAULTS)] : [];
    let kill: Kill;
    if (roll < 0.4) kill = { kind: 'zvt_byte', byte: 1 + Math.floor(random() * options.calibration.zvtBytes) };
    else if (roll < 0.75) kill = { kind: 'delay', ms: Math.floor(random() * options.calibration.payMs * 1.2) };
    else if (roll < 0.92) {
      const point = pick(PAYMENT_CRASH_POINTS);
      const needed = faultsToMeet(point);
      kill = { kind: 'point', point, hit: 1 + Math.floor(random() * 2) };
      // The point's own faults, or it is seldom met; other points keep the random fault.
      if (needed.length > 0) faults = needed;
    } else kill = { kind: 'none' };
    plans.push({
      label: `random ${i + 1}: ${describeKill(kill)}${faults.length ? ` + ${faults.map(describeFault).join(' + ')}` : ''}`,
      amountMinor: amount(),
      kill,
      faults,
      ...(kill.kind !== 'none' && random() < 0.25
        ? { recoveryKill: { kind: 'delay' as const, ms: Math.floor(random() * 400) } }
        : {}),
    });
  }
  return plans;
}

/** A kill in words, for labels and for counting distinct crash points. */
export function describeKill(kill: Kill): string {
  switch (kill.kind) {
    case 'point':
      return `${kill.point}${kill.hit && kill.hit > 1 ? ` (pass ${kill.hit})` : ''}`;
    case 'zvt_byte':
      return `ZVT byte ${kill.byte}`;
    case 'delay':
      return `after ${kill.ms} ms`;
    case 'none':
      return 'no kill';
  }
}

function describeFault(fault: RunFault): string {
  if (fault.at === 'printer') return `paper out after ${fault.afterLines} lines`;
  const { kind, ...rest } = fault.fault;
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${fault.command} ${kind}${extra}`;
}

/**
 * A TCP relay between the kiosk and the simulated terminal that counts the dialogue's bytes, both
 * ways, and can kill the kiosk at a chosen one: the bytes up to it pass, then the SIGKILL, and
 * nothing more passes on that connection either way (the rest dies with the kiosk).
 */
class ZvtRelay {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  #counted = 0;
  #target: { byte: number; kill: () => void } | undefined;
  port = 0;

  constructor(private readonly upstreamPort: number) {}

  async start(): Promise<void> {
    this.#server = createServer((downstream) => {
      const upstream = connect({ host: '127.0.0.1', port: this.upstreamPort });
      for (const socket of [downstream, upstream]) {
        this.#sockets.add(socket);
        socket.on('error', () => undefined);
        socket.once('close', () => {
          this.#sockets.delete(socket);
          downstream.destroy();
          upstream.destroy();
        });
      }
      downstream.setNoDelay(true);
      upstream.setNoDelay(true);
      let killed = false;
      const forward = (to: Socket) => (chunk: Buffer) => {
        if (killed) return;
        const target = this.#target;
        if (target && this.#counted + chunk.length >= target.byte) {
          const keep = target.byte - this.#counted;
          this.#counted += chunk.length;
          this.#target = undefined;
          killed = true;
          if (keep > 0 && !to.destroyed) to.write(chunk.subarray(0, keep));
          target.kill();
          return;
        }
        this.#counted += chunk.length;
        if (!to.destroyed) to.write(chunk);
      };
      downstream.on('data', forward(upstream));
      upstream.on('data', forward(downstream));
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** Starts counting from zero; with `kill`, calls it at that byte. */
  arm(byte?: number, kill?: () => void): void {
    this.#counted = 0;
    this.#target = byte !== undefined && kill ? { byte, kill } : undefined;
  }

  disarm(): void {
    this.#target = undefined;
  }

  get counted(): number {
    return this.#counted;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

/** How a kiosk child ended. */
interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A line-speaking kiosk child: its lines as they come, its end. */
class KioskChild {
  readonly #process: ChildProcess;
  readonly #lines: string[] = [];
  #wake: (() => void) | undefined;
  #exit: ChildExit | undefined;
  #stderr = '';
  /** Resolves once the child has ended and its last output has been read. */
  readonly exited: Promise<ChildExit>;
  killedByParent = false;

  constructor(entry: string, args: string[], env: NodeJS.ProcessEnv) {
    this.#process = spawn(process.execPath, [entry, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
    let partial = '';
    this.#process.stdout?.setEncoding('utf8');
    this.#process.stdout?.on('data', (chunk: string) => {
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      this.#lines.push(...lines);
      this.#wake?.();
    });
    this.#process.stderr?.setEncoding('utf8');
    this.#process.stderr?.on('data', (chunk: string) => {
      if (this.#stderr.length < 20_000) this.#stderr += chunk;
    });
    this.#process.stdin?.on('error', () => undefined);
    // 'close' comes after the pipes are drained: every line the child wrote has been read.
    this.exited = new Promise((resolve) => {
      this.#process.once('close', (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
        this.#wake?.();
      });
    });
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Sends a command line (ignored once the child is dead). */
  send(command: Record<string, unknown>): void {
    if (this.#exit === undefined && this.#process.stdin?.writable) {
      this.#process.stdin.write(`${JSON.stringify(command)}\n`);
    }
  }

  kill(): void {
    if (this.#exit === undefined && this.#process.signalCode === null && this.#process.exitCode === null) {
      this.killedByParent = true;
      this.#process.kill('SIGKILL');
    }
  }

  /**
   * The value of the next line tagged `tag` (lines before it are dropped), or how the child
   * ended if it ended first.
   */
  async next(tag: string, timeoutMs: number): Promise<{ value: unknown } | { exit: ChildExit }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.#lines.length > 0) {
        const line = this.#lines.shift() ?? '';
        if (line === tag) return { value: undefined };
        if (line.startsWith(`${tag} `)) return { value: JSON.parse(line.slice(tag.length + 1)) };
      }
      if (this.#exit) return { exit: this.#exit };
      const left = deadline - Date.now();
      if (left <= 0) {
        this.kill();
        throw new Error(
          `the kiosk child said no "${tag}" within ${timeoutMs} ms; stderr: ${this.#stderr.slice(-2000)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}

/** A receipt found on the simulated printer's paper. */
interface PaperReceipt {
  /** The payment id's first block, upper case («Номер операции»). */
  reference: string;
  receiptNo?: string;
  copy: boolean;
}

/** Reads the payment receipts off the paper (a ticket cut short may hold the start of the next). */
export function receiptsOnPaper(tickets: readonly PaperTicket[]): PaperReceipt[] {
  const found: PaperReceipt[] = [];
  for (const ticket of tickets) {
    const lines = ticket.lines.map((l) => l.trim());
    let header = -1;
    let receiptNo: string | undefined;
    lines.forEach((line, index) => {
      if (line === 'КВИТАНЦИЯ ОБ ОПЛАТЕ') {
        header = index;
        receiptNo = undefined;
      }
      const terminalReceipt = /^Чек терминала[ .]+(\S+)$/.exec(line);
      if (terminalReceipt) receiptNo = terminalReceipt[1];
      const reference = /^Номер операции[ .]+([0-9A-F]{8})$/.exec(line);
      if (reference?.[1] && header >= 0) {
        const copy = lines.slice(Math.max(0, header - 3), header).includes('КОПИЯ');
        found.push({ reference: reference[1], copy, ...(receiptNo ? { receiptNo } : {}) });
      }
    });
  }
  return found;
}

/** Everything the invariants look at, read at one moment (the kiosk idle). */
export interface CrashSnapshot {
  journal: PaymentRecord[];
  terminal: readonly ZvtSimRecord[];
  totals: { count: number; totalMinor: number };
  ledger: ReportedPayment[];
  paper: PaperReceipt[];
  kioskId: string;
}

/** The terminal's four-digit receipt number, as the driver journals it. */
const receiptNoOf = (record: ZvtSimRecord) => String(record.receiptNo % 10_000).padStart(4, '0');

/**
 * The promises, checked on everything at once (they must hold after every run, not only the last):
 * (a) nothing charged twice; (b) nothing approved without a receipt (on paper, or a «КОПИЯ» owed)
 * or a reversal at the terminal, and no receipt for a payment that is not one; (c) every payment
 * settled or waiting for a person, and the hub told; (d) the hub's ledger equal to the journal;
 * (e) the terminal's totals equal to the committed payments; (f) an approval of another amount or
 * currency than asked (or a replayed one) never booked nor printed as paid, but reversed and with a
 * person.
 */
export function checkInvariants(snapshot: CrashSnapshot, run: string): Violation[] {
  const violations: Violation[] = [];
  const add = (invariant: Violation['invariant'], detail: string, paymentId?: string) =>
    violations.push({ invariant, run, detail, ...(paymentId ? { paymentId } : {}) });
  const { journal, terminal } = snapshot;
  const byReceipt = new Map<string, PaymentRecord[]>();
  for (const payment of journal) {
    const receiptNo = payment.transaction?.reference.receiptNo;
    if (receiptNo) byReceipt.set(receiptNo, [...(byReceipt.get(receiptNo) ?? []), payment]);
  }
  const paperOf = (payment: PaymentRecord) =>
    snapshot.paper.filter((r) => r.reference === payment.id.slice(0, 8).toUpperCase());

  // (a) One booking per reservation at most; one payment per reservation at most.
  for (const reservation of terminal.filter((r) => r.kind === 'reservation' && r.resultCode === 0)) {
    const bookings = terminal.filter((r) => r.kind === 'booking' && r.refersTo === reservation.receiptNo);
    if (bookings.length > 1)
      add('a_no_double_charge', `reservation ${reservation.receiptNo} booked ${bookings.length} times`);
  }
  for (const [receiptNo, payments] of byReceipt) {
    if (payments.length > 1)
      add('a_no_double_charge', `terminal receipt ${receiptNo} is in ${payments.length} payments`);
  }
  for (const payment of journal) {
    const originals = paperOf(payment).filter((r) => !r.copy);
    if (originals.length > 1) add('a_no_double_charge', `${originals.length} original receipts on paper`, payment.id);
  }

  // (b) Every approved reservation is booked with a receipt, released, or with a person.
  for (const reservation of terminal.filter((r) => r.kind === 'reservation' && r.resultCode === 0)) {
    const payment = byReceipt.get(receiptNoOf(reservation))?.[0];
    if (!payment) {
      if (reservation.state !== 'released') {
        add(
          'b_receipt_or_reversal',
          `reservation ${reservation.receiptNo} (${reservation.state}) belongs to no payment`,
        );
      }
      continue;
    }
    if (reservation.state === 'open' && payment.state !== 'needs_attention') {
      add(
        'b_receipt_or_reversal',
        `reservation ${reservation.receiptNo} still held, payment ${payment.state}`,
        payment.id,
      );
    }
    if (reservation.state === 'booked') {
      const papers = paperOf(payment);
      const owed = payment.receipt?.reprintNeeded === true;
      if (papers.length === 0 && !owed) {
        add('b_receipt_or_reversal', 'booked, but no receipt on paper and no copy owed', payment.id);
      }
      if (payment.receipt?.printed === 'yes' && !papers.some((r) => !r.copy)) {
        add('b_receipt_or_reversal', 'the journal says printed, the paper has no such receipt', payment.id);
      }
      const copies = papers.filter((r) => r.copy).length;
      if (copies < (payment.receipt?.copies ?? 0)) {
        add('b_receipt_or_reversal', `${payment.receipt?.copies} copies journaled, ${copies} on paper`, payment.id);
      }
    }
  }
  for (const payment of journal) {
    const papers = paperOf(payment);
    if (papers.some((r) => !r.copy) && ['reversed', 'cancelled', 'declined'].includes(payment.state)) {
      add('b_receipt_or_reversal', `a receipt on paper for a payment ${payment.state}`, payment.id);
    }
    const receiptNo = payment.transaction?.reference.receiptNo;
    if (papers.some((r) => r.receiptNo !== receiptNo)) {
      add('b_receipt_or_reversal', `a receipt on paper names another terminal receipt than ${receiptNo}`, payment.id);
    }
  }

  // (c) Settled, or waiting for a person; (d) the hub has the same.
  const ledger = new Map(snapshot.ledger.filter((p) => p.kioskId === snapshot.kioskId).map((p) => [p.paymentId, p]));
  for (const payment of journal) {
    if (!isFinal(payment.state) && payment.state !== 'needs_attention') {
      add('c_settled_or_reported', `left ${payment.state} after recovery (${payment.detail ?? ''})`, payment.id);
    }
    const stored = ledger.get(payment.id);
    if (!stored) {
      add('d_ledger_equals_journal', `the hub has no record of the payment (${payment.state})`, payment.id);
      continue;
    }
    if (stored.state !== payment.state) {
      const invariant = payment.state === 'needs_attention' ? 'c_settled_or_reported' : 'd_ledger_equals_journal';
      add(invariant, `the hub has ${stored.state}, the journal ${payment.state}`, payment.id);
    }
    if (stored.disputed !== undefined) {
      add('d_ledger_equals_journal', `the hub disputes the payment (${stored.disputed})`, payment.id);
    }
    if (stored.amountMinor !== payment.amountMinor) {
      add(
        'd_ledger_equals_journal',
        `the hub has ${stored.amountMinor}, the journal ${payment.amountMinor}`,
        payment.id,
      );
    }
    if (payment.transaction && stored.rrn !== payment.transaction.rrn) {
      add(
        'd_ledger_equals_journal',
        `the hub has RRN ${stored.rrn}, the journal ${payment.transaction.rrn}`,
        payment.id,
      );
    }
  }
  const journaled = new Set(journal.map((p) => p.id));
  for (const stored of ledger.values()) {
    if (!journaled.has(stored.paymentId)) {
      add('d_ledger_equals_journal', `the hub has a payment the journal does not (${stored.state})`, stored.paymentId);
    }
  }

  // (f) An approval of another amount or currency than asked is never booked nor printed as paid:
  // it is released at the terminal and its payment waits for a person (`approval_mismatch`).
  const mismatched = (r: ZvtSimRecord) =>
    (r.requestedMinor !== undefined && r.requestedMinor !== r.amountMinor) ||
    (r.currency !== undefined && r.currency !== 643);
  for (const approval of terminal.filter((r) => r.resultCode === 0 && mismatched(r))) {
    const what = `approval ${approval.receiptNo} of ${approval.amountMinor} in ${approval.currency ?? 643} (asked ${approval.requestedMinor ?? approval.amountMinor})`;
    if (approval.state === 'booked' || approval.state === 'active') add('f_mismatch_never_paid', `${what} was booked`);
    const payment = byReceipt.get(receiptNoOf(approval))?.[0];
    if (!payment) continue;
    if (approval.state !== 'released')
      add('f_mismatch_never_paid', `${what} is ${approval.state}, not reversed`, payment.id);
  }
  for (const payment of journal) {
    const transaction = payment.transaction;
    const differs =
      transaction !== undefined &&
      (transaction.reference.amountMinor !== payment.amountMinor ||
        (transaction.currency !== undefined && Number(transaction.currency) !== 643));
    if (!differs && payment.reason !== 'approval_mismatch') continue;
    if (!['needs_attention', 'resolved'].includes(payment.state) || payment.reason !== 'approval_mismatch') {
      add(
        'f_mismatch_never_paid',
        `approved other than asked, left ${payment.state} (${payment.reason ?? ''})`,
        payment.id,
      );
    }
    if (payment.receipt !== undefined || paperOf(payment).length > 0) {
      add('f_mismatch_never_paid', 'approved other than asked, and a receipt given', payment.id);
    }
  }

  // (e) The terminal's totals equal the committed payments (this batch: no end of day in between).
  const committed = journal.filter((p) => p.state === 'committed');
  const sum = committed.reduce((total, p) => total + p.amountMinor, 0);
  if (snapshot.totals.count !== committed.length || snapshot.totals.totalMinor !== sum) {
    add(
      'e_totals',
      `terminal ${snapshot.totals.count} / ${snapshot.totals.totalMinor}, committed ${committed.length} / ${sum}`,
    );
  }
  for (const payment of committed) {
    const reservation = terminal.find(
      (r) =>
        r.kind === 'reservation' && r.resultCode === 0 && receiptNoOf(r) === payment.transaction?.reference.receiptNo,
    );
    if (reservation?.state !== 'booked') {
      add('e_totals', `committed, but the terminal's reservation is ${reservation?.state ?? 'missing'}`, payment.id);
    }
  }
  return violations;
}

/** Reads the kiosk's payment journal as replay does: each payment's last whole, valid line. */
async function readPaymentJournal(dataDir: string): Promise<PaymentRecord[]> {
  const dir = path.join(dataDir, 'payments');
  const files = [path.join(dir, 'journal.jsonl')];
  const archive = await readdir(path.join(dir, 'archive')).catch(() => [] as string[]);
  files.unshift(...archive.filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, 'archive', f)));
  const latest = new Map<string, PaymentRecord>();
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of whole.split('\n')) {
      if (!line) continue;
      try {
        const payment = (JSON.parse(line) as { payment: PaymentRecord }).payment;
        latest.delete(payment.id);
        latest.set(payment.id, payment);
      } catch {
        // An unreadable line costs one step, as in the kiosk's replay.
      }
    }
  }
  return [...latest.values()];
}

/** Options of `startPaymentCrashHarness`. */
export interface PaymentCrashHarnessOptions {
  /** Told each run's result as it ends (progress for the bench). */
  onRun?: (result: RunResult, index: number) => void;
}

/** A started harness: the parent's devices and hub, the bundled kiosk. */
export interface PaymentCrashHarness {
  /** A clean payment's ZVT bytes and duration (ms from the command to the outcome). */
  calibrate(): Promise<{ zvtBytes: number; payMs: number }>;
  run(plan: RunPlan): Promise<RunResult>;
  /**
   * Runs every plan (a named point that did not kill is tried again, up to `retryMissedPoints`
   * times), then prints the copies owed, closes the terminal's day and checks the hub's
   * reconciliation.
   */
  runAll(plans: RunPlan[], seed: number, options?: { retryMissedPoints?: number }): Promise<CrashSummary>;
  close(): Promise<void>;
}

/** The kiosk id the child enrolls as (`CRASH_KIOSK_ID` in payment-crash-child.ts). */
const KIOSK_ID = 'payment-crash-kiosk';

/**
 * Starts the parent's side: bundles the kiosk child (once), starts the hub on a temp SQLite file,
 * the ZVT terminal simulator behind the counting relay, and the printer simulator on a PTY. One
 * kiosk data folder for the whole series: the kiosk lives through every crash, as a real one does.
 */
export async function startPaymentCrashHarness(options: PaymentCrashHarnessOptions = {}): Promise<PaymentCrashHarness> {
  const root = findAppRoot().dir;
  const entry = await bundleCrashChild('payment-crash-child');
  const work = await mkdtemp(path.join(tmpdir(), 'okno-payment-crash-'));
  const dataDir = path.join(work, 'kiosk');
  await mkdir(path.join(work, 'hub'), { recursive: true });
  const provisioningToken = randomBytes(24).toString('base64url');
  const hub: LaunchedHub = await launchHub({
    dbPath: path.join(work, 'hub', 'hub.sqlite'),
    host: '127.0.0.1',
    port: 0,
    seedDemo: true,
    provisioningTokens: [provisioningToken],
    // Demo only: the kiosk's first request is approved at once (no admin step).
    autoApproveNewKiosks: true,
    logger: (await openLogger({ dataDir: path.join(work, 'hub') })).child({ component: 'crash-hub' }),
    config: { shutdownGraceMs: 0 },
  });
  const zvt: SimulatedZvtTcpTerminal = await startSimulatedZvtTerminal({ connection: 'tcp', stepDelayMs: 10 });
  const relay = new ZvtRelay(zvt.port);
  await relay.start();
  const profile = await loadPrinterProfile('generic-80mm', {
    dir: path.join(root, 'kiosk-config', 'printer-profiles'),
  });
  const printer: SimulatedPrinter = await startSimulatedPrinter({ profile, baudRate: 115200 });
  const sim = zvt.simulator;

  let child: KioskChild | undefined;
  let starts = 0;

  const spawnChild = (crash?: { point: string; hit?: number }) => {
    const env = { ...process.env };
    delete env[CRASH_AT_ENV];
    delete env[CRASH_AT_HIT_ENV];
    if (crash) {
      env[CRASH_AT_ENV] = crash.point;
      if (crash.hit) env[CRASH_AT_HIT_ENV] = String(crash.hit);
    }
    starts += 1;
    return new KioskChild(entry, [dataDir, hub.url, provisioningToken, String(relay.port), printer.devicePath], env);
  };

  /**
   * Starts kiosks until one has recovered and stays up (the first may get a crash point for its
   * recovery); returns the kills that happened while recovering.
   */
  const restart = async (recoveryKill?: RecoveryKill): Promise<number> => {
    let kills = 0;
    for (let attempt = 0; ; attempt += 1) {
      const kill = attempt === 0 ? recoveryKill : undefined;
      const started = spawnChild(kill?.kind === 'point' ? kill : undefined);
      let timer: NodeJS.Timeout | undefined;
      if (kill?.kind === 'delay') {
        const recovering = await started.next('recovering', 60_000);
        if ('value' in recovering) timer = setTimeout(() => started.kill(), kill.ms);
      }
      const heard = await started.next('recovered', 60_000);
      clearTimeout(timer);
      if ('value' in heard) {
        child = started;
        return kills;
      }
      if (heard.exit.signal !== 'SIGKILL' || attempt >= 3) {
        throw new Error(
          `the kiosk child ended (${heard.exit.signal ?? heard.exit.code}) while recovering: ${started.stderr.slice(-2000)}`,
        );
      }
      kills += 1;
    }
  };

  const snapshot = async (): Promise<CrashSnapshot> => {
    const journal = await readPaymentJournal(dataDir);
    const timeZone = hub.config.timeZone;
    const officeId = hub.config.provisioningOfficeId ?? '';
    const dates = new Set([
      officeDate(new Date(), timeZone),
      ...journal.map((p) => officeDate(new Date(p.createdAt), timeZone)),
    ]);
    const ledger: ReportedPayment[] = [];
    for (const date of dates) ledger.push(...(await hub.payments.paymentsOfDay(officeId, date)).payments);
    return {
      journal,
      terminal: sim.journal,
      totals: sim.totals(),
      ledger,
      // Spoiled tickets left with the end of the roll: still paper a visitor may hold.
      paper: receiptsOnPaper([
        ...printer.simulator.tickets,
        ...printer.simulator.spoiled,
        printer.simulator.currentTicket,
      ]),
      kioskId: KIOSK_ID,
    };
  };

  const armFaults = (faults: RunFault[]) => {
    for (const fault of faults) {
      if (fault.at === 'terminal') sim.injectFault(fault.fault, fault.command);
      else printer.simulator.injectFault({ fault: 'paper_out', afterLines: fault.afterLines });
    }
  };
  const clearFaults = () => {
    sim.clearFaults();
    // The paper is back (a technician's visit) and any fault not yet struck is forgotten.
    printer.simulator.setState({ paperOut: false, coverOpen: false, cutterError: false, silent: false });
    // A fault armed without a trigger never strikes: this disarms one that did not.
    printer.simulator.injectFault({ fault: 'paper_out' });
    if (!sim.powered) sim.powerOn();
  };

  const run = async (plan: RunPlan): Promise<RunResult> => {
    const started = Date.now();
    if (!child) await restart();
    const kiosk = child as KioskChild;
    armFaults(plan.faults);
    let parentKill: NodeJS.Timeout | undefined;
    if (plan.kill.kind === 'zvt_byte') relay.arm(plan.kill.byte, () => kiosk.kill());
    else relay.arm();
    const paymentId = randomUUID();
    kiosk.send({
      cmd: 'pay',
      paymentId,
      amountMinor: plan.amountMinor,
      ...(plan.kill.kind === 'point' ? { crashAt: plan.kill.point, crashHit: plan.kill.hit ?? 1 } : {}),
    });
    if (plan.kill.kind === 'delay') parentKill = setTimeout(() => kiosk.kill(), plan.kill.ms);
    let outcome: string | undefined;
    let died = false;
    const paid = await kiosk.next('outcome', 60_000);
    if ('value' in paid) {
      outcome = (paid.value as { outcome: string }).outcome;
      // The periodic recovery pass the kiosk would run next (the crash point still armed).
      const idle = await kiosk.next('idle', 60_000);
      if ('value' in idle) {
        kiosk.send({ cmd: 'recover' });
        const recovered = await kiosk.next('recovered', 60_000);
        died = !('value' in recovered);
      } else died = true;
    } else died = true;
    clearTimeout(parentKill);
    relay.disarm();
    if (died) {
      const exit = await kiosk.exited;
      if (exit.signal !== 'SIGKILL') {
        throw new Error(
          `the kiosk child ended (${exit.signal ?? exit.code}) in "${plan.label}": ${kiosk.stderr.slice(-3000)}`,
        );
      }
      child = undefined;
    }
    clearFaults();
    const recoveryKills = died ? await restart(plan.recoveryKill) : 0;
    const violations = checkInvariants(await snapshot(), plan.label);
    return {
      plan,
      killed: died,
      killedAtPoint: died && !kiosk.killedByParent,
      recoveryKills,
      starts: 0,
      ...(outcome === undefined ? {} : { outcome }),
      durationMs: Date.now() - started,
      violations,
    };
  };

  const seen = new Map<string, Violation>();
  return {
    async calibrate() {
      if (!child) await restart();
      const kiosk = child as KioskChild;
      relay.arm();
      const t0 = Date.now();
      kiosk.send({ cmd: 'pay', paymentId: randomUUID(), amountMinor: 150_000 });
      const paid = await kiosk.next('outcome', 30_000);
      const payMs = Date.now() - t0;
      const zvtBytes = relay.counted;
      await kiosk.next('idle', 30_000);
      if (!('value' in paid) || (paid.value as { outcome: string }).outcome !== 'paid') {
        throw new Error(`the calibration payment was not paid: ${JSON.stringify(paid)}`);
      }
      return { zvtBytes, payMs };
    },
    run,
    async runAll(plans, seed, runOptions = {}) {
      const t0 = Date.now();
      const startsBefore = starts;
      const results: RunResult[] = [];
      const record = (result: RunResult) => {
        results.push(result);
        for (const violation of result.violations) {
          const key = `${violation.invariant} ${violation.paymentId ?? ''} ${violation.detail}`;
          if (!seen.has(key)) seen.set(key, violation);
        }
        options.onRun?.(result, results.length - 1);
      };
      for (const plan of plans) {
        for (let attempt = 0; ; attempt += 1) {
          const before = starts;
          const result = await run(attempt === 0 ? plan : { ...plan, label: `${plan.label} (again)` });
          result.starts = starts - before;
          record(result);
          // A named point a loaded machine's timing steered the payment around is tried again.
          const missed =
            plan.mustKill === true &&
            ((plan.kill.kind === 'point' && !result.killedAtPoint) ||
              (plan.recoveryKill?.kind === 'point' && result.recoveryKills === 0));
          if (!missed || attempt >= (runOptions.retryMissedPoints ?? 0)) break;
        }
      }
      // The technician's visit: every receipt owed is printed as a copy; the paper is checked again.
      if (child) {
        child.send({ cmd: 'reprint_owed' });
        const reprinted = await child.next('reprinted', 60_000);
        const failed = 'value' in reprinted ? (reprinted.value as { ok: boolean }[]).filter((r) => !r.ok) : [];
        for (const failure of failed) {
          seen.set(`reprint ${JSON.stringify(failure)}`, {
            invariant: 'b_receipt_or_reversal',
            run: 'reprint',
            detail: `a copy owed could not be printed: ${JSON.stringify(failure)}`,
          });
        }
        for (const violation of checkInvariants(await snapshot(), 'after the reprints')) {
          seen.set(`${violation.invariant} ${violation.paymentId ?? ''} ${violation.detail}`, violation);
        }
      }
      // The day closes: the hub reconciles the terminal's totals with its ledger.
      let endOfDay: CrashSummary['endOfDay'];
      if (child) {
        child.send({ cmd: 'end_of_day' });
        const closed = await child.next('end_of_day', 30_000);
        const value = 'value' in closed ? (closed.value as { ok: boolean; report?: { id: string } }) : undefined;
        if (value?.ok && value.report) {
          const day = await hub.payments.paymentsOfDay(
            hub.config.provisioningOfficeId ?? '',
            officeDate(new Date(), hub.config.timeZone),
          );
          const reconciliation = day.reconciliations.find((r) => r.reconciliationId === value.report?.id);
          if (reconciliation) {
            endOfDay = {
              matched: reconciliation.matched,
              terminal: reconciliation.terminal,
              ledger: reconciliation.ledger,
            };
            if (!reconciliation.matched) {
              seen.set('eod', {
                invariant: 'e_totals',
                run: 'end of day',
                detail: `reconciliation: ${JSON.stringify(reconciliation)}`,
              });
            }
          }
        } else {
          seen.set('eod', {
            invariant: 'c_settled_or_reported',
            run: 'end of day',
            detail: `end of day refused: ${JSON.stringify(value ?? closed)}`,
          });
        }
      }
      const tried = new Set(results.map((r) => describeKill(r.plan.kill)));
      const killedPoints = new Set(
        results
          .filter((r) => r.killedAtPoint && r.plan.kill.kind === 'point')
          .map((r) => (r.plan.kill as { point: string }).point),
      );
      const killsByKind: CrashSummary['killsByKind'] = { point: 0, zvt_byte: 0, delay: 0, none: 0, recovery: 0 };
      for (const r of results) {
        if (r.killed) killsByKind[r.plan.kill.kind] += 1;
        killsByKind.recovery += r.recoveryKills;
      }
      const journal = await readPaymentJournal(dataDir);
      const finalStates: Record<string, number> = {};
      const attention: Record<string, number> = {};
      for (const p of journal) {
        finalStates[p.state] = (finalStates[p.state] ?? 0) + 1;
        if (p.state !== 'needs_attention') continue;
        const why = `${p.reason ?? '?'}: ${p.detail ?? ''}`;
        attention[why] = (attention[why] ?? 0) + 1;
      }
      const durationMs = Date.now() - t0;
      return {
        seed,
        runs: results.length,
        crashPointsTried: tried.size,
        namedPointsKilled: PAYMENT_CRASH_POINTS.filter((p) => killedPoints.has(p)),
        namedPointsNeverKilled: PAYMENT_CRASH_POINTS.filter((p) => !killedPoints.has(p)),
        recoveryPointsKilled: [
          ...new Set(
            results.flatMap((r) =>
              r.recoveryKills > 0 && r.plan.recoveryKill?.kind === 'point' ? [r.plan.recoveryKill.point] : [],
            ),
          ),
        ],
        kills: results.reduce((n, r) => n + (r.killed ? 1 : 0) + r.recoveryKills, 0),
        killsByKind,
        kioskStarts: starts - startsBefore,
        payments: journal.length,
        finalStates,
        attention,
        violations: [...seen.values()],
        ...(endOfDay ? { endOfDay } : {}),
        durationMs,
        msPerRun: Math.round(durationMs / Math.max(1, results.length)),
      };
    },
    async close() {
      if (child) {
        child.send({ cmd: 'exit' });
        const exit = await Promise.race([child.exited, new Promise((r) => setTimeout(r, 5000))]);
        if (!exit) child.kill();
      }
      await relay.close();
      await zvt.close();
      await printer.close();
      await hub.close();
      await rm(entry, { force: true });
      await rm(work, { recursive: true, force: true });
    },
  };
}

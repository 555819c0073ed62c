import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PilotPaymentProfile, PilotPlaceholder } from '../../../kiosk-config/src/config/payment-profile';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import type {
  AuthoriseOptions,
  AuthoriseOutcome,
  AuthoriseRequest,
  EndOfDayOutcome,
  LastTransactionOutcome,
  PaymentTerminal,
  TerminalActionOutcome,
  TerminalCapabilities,
  TerminalPrompt,
  TerminalReference,
  TerminalStatus,
} from '../payment-terminal';
import { type PilotRun, readPilotFile, runPilotProgram } from './pilot-process';
import {
  actionOutcomeFromResult,
  authoriseOutcomeFromResult,
  endOfDayFromResult,
  lastTransactionFromResult,
  MAX_RESULT_BYTES,
  type PilotResult,
  parsePilotResult,
  parseProgress,
  parseSlip,
  statusFromResult,
} from './pilot-result';

/** The operations a profile may define. */
export type PilotOperationName = keyof PilotPaymentProfile['operations'];

/** One run of the program, for the owner's log: no card data, no slip. */
export interface PilotRunRecord {
  operation: PilotOperationName;
  args: string[];
  state: PilotRun['state'];
  /** The reason it did not start. */
  reason?: string;
  exitCode?: number | null;
  signal?: NodeJS.Signals | null;
  durationMs?: number;
  /** The first line's code, when a result file was read. */
  resultCode?: string;
  /** The visitor pressed «Отмена» while it ran, and the profile says killing it is unsafe. */
  abortIgnored?: boolean;
}

/** Options of `PilotTerminal`. */
export interface PilotTerminalOptions {
  profile: PilotPaymentProfile;
  /** Overrides the profile's program (an installation may keep it elsewhere). */
  command?: string;
  /** Overrides the profile's working directory. */
  workingDir?: string;
  /** Where a relative working directory is resolved (default: the process's current directory). */
  baseDir?: string;
  /** Added to the profile's environment (tests inject the fake pilot's faults here). */
  env?: Record<string, string>;
  /** The kiosk's clock, for transactions the pilot gives no date (default `new Date()`). */
  clock?: () => Date;
  /** Told of every run, to log it. */
  onRun?: (record: PilotRunRecord) => void;
}

/** Variables of the kiosk's own environment the program sees; nothing else of it leaks. */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ'] as const;
/** Amounts above this (a million roubles) are a bug upstream, not a state fee. */
const MAX_AMOUNT_MINOR = 100_000_000;
const SAFE_VALUE = /^[0-9A-Za-z_-]{1,64}$/;

/** A run and what it left: the result file read, the slip decoded. */
interface RunOutput {
  run: PilotRun;
  result: PilotResult | null;
  slip: string[];
}

/**
 * A card terminal driven by the acquirer's command-line program, run once per operation (Sberbank
 * UPOS `sb_pilot` and its kind), as its profile describes (`kiosk-config/payment-profiles/`).
 *
 * Each run: old result, slip and progress files removed; the program started in its working
 * directory in a process group of its own; its result file read once it exits. A run killed on
 * timeout, or one that ends without a result, is `unknown`: the journal resolves it with
 * `lastTransaction` where the profile has one. One operation at a time: `authorise` while another
 * runs answers `not_sent` (busy); the other operations wait their turn. See `docs/payments.md`.
 */
export class PilotTerminal implements PaymentTerminal {
  readonly capabilities: TerminalCapabilities;
  private readonly profile: PilotPaymentProfile;
  private readonly command: string;
  private readonly workingDir: string;
  private readonly env: Record<string, string>;
  private readonly clock: () => Date;
  private readonly onRun: ((record: PilotRunRecord) => void) | undefined;
  /** The queue of operations; each runs after the previous one. */
  private readonly operations = new SerialExecutor();
  private closed = false;

  constructor(options: PilotTerminalOptions) {
    const { profile } = options;
    this.profile = profile;
    this.workingDir = path.resolve(options.baseDir ?? process.cwd(), options.workingDir ?? profile.workingDir);
    this.command = path.resolve(this.workingDir, options.command ?? profile.command);
    const inherited: Record<string, string> = {};
    for (const name of INHERITED_ENV) {
      const value = process.env[name];
      if (value !== undefined) inherited[name] = value;
    }
    this.env = { ...inherited, ...profile.env, ...options.env };
    this.clock = options.clock ?? (() => new Date());
    this.onRun = options.onRun;
    const { operations } = profile;
    this.capabilities = {
      holdsFunds: profile.holdsFunds,
      reversal: operations.reverse !== undefined,
      refund: operations.refund !== undefined,
      lastTransaction: operations.lastTransaction !== undefined,
      abort: profile.abortSafe,
    };
  }

  /**
   * Runs the authorisation (a sale when the profile does not hold funds). Emits `processing` once
   * the program runs, then what its progress file says, then `approved`/`declined`. An abort is
   * acted on only when the profile says killing the program is safe; otherwise it is ignored and
   * the visitor cancels on the terminal itself.
   */
  async authorise(request: AuthoriseRequest, options: AuthoriseOptions = {}): Promise<AuthoriseOutcome> {
    checkAmount(request.amountMinor);
    if (this.closed) return { outcome: 'not_sent', reason: 'the terminal is closed' };
    if (this.operations.pending > 0) return { outcome: 'not_sent', reason: 'busy: another operation is running' };
    const operation = this.profile.operations.authorise;
    let args: string[];
    try {
      args = expand(operation.args, { amount: request.amountMinor, paymentId: request.paymentId });
    } catch (error) {
      return { outcome: 'not_sent', reason: error instanceof Error ? error.message : String(error) };
    }
    const onPrompt = options.onPrompt;
    const output = await this.operations.run(() =>
      this.run('authorise', args, {
        timeoutMs: options.timeoutMs ?? operation.timeoutMs,
        signal: options.signal,
        onPrompt,
      }),
    );
    const outcome = this.authoriseOutcome(output, request.amountMinor);
    if (outcome.outcome === 'approved') emit(onPrompt, { kind: 'approved' });
    if (outcome.outcome === 'declined') emit(onPrompt, { kind: 'declined', text: outcome.message });
    return outcome;
  }

  /** Completes a held authorisation; without held funds (a sale) there is nothing to do: `done`. */
  async commit(reference: TerminalReference): Promise<TerminalActionOutcome> {
    if (!this.profile.holdsFunds) return { outcome: 'done' };
    return this.action('commit', reference);
  }

  /** Cancels a payment (sb_pilot: operation 8, the same day, by amount and RRN). */
  reverse(reference: TerminalReference): Promise<TerminalActionOutcome> {
    return this.action('reverse', reference);
  }

  /** Returns money of an earlier payment (sb_pilot: operation 3 with the RRN). */
  refund(reference: TerminalReference, amountMinor: number): Promise<TerminalActionOutcome> {
    checkAmount(amountMinor);
    return this.action('refund', { ...reference, amountMinor });
  }

  /** Asks the program for its last operation, where the profile has such a command. */
  async lastTransaction(): Promise<LastTransactionOutcome> {
    const operation = this.profile.operations.lastTransaction;
    if (!operation) return { outcome: 'not_supported' };
    if (this.closed) return { outcome: 'unknown', reason: 'the terminal is closed' };
    const output = await this.operations.run(() => this.run('lastTransaction', expand(operation.args, {})));
    const problem = this.problem(output);
    if (problem !== null || output.result === null) return { outcome: 'unknown', reason: problem ?? 'no result' };
    return lastTransactionFromResult(output.result, operation, { slip: output.slip, now: this.now() });
  }

  /** Closes the day (сверка итогов); totals from the slip, as the profile's pattern finds them. */
  async endOfDay(): Promise<EndOfDayOutcome> {
    const operation = this.profile.operations.endOfDay;
    if (this.closed) return { outcome: 'failed', reason: 'the terminal is closed' };
    const output = await this.operations.run(() => this.run('endOfDay', expand(operation.args, {})));
    const problem = this.problem(output);
    if (problem !== null || output.result === null) {
      return {
        outcome: 'failed',
        reason: `${problem ?? 'no result'} (the day may or may not be closed: run it again)`,
      };
    }
    return endOfDayFromResult(output.result, output.slip, operation.totals);
  }

  /**
   * With a status command in the profile, runs it. Without one, checks only the installation (the
   * program is there and executable, the working directory writable): the pinpad itself is then
   * first reached by a payment.
   */
  async status(): Promise<TerminalStatus> {
    if (this.closed) return { ready: false, reason: 'the terminal is closed' };
    if (this.operations.pending > 0) return { ready: false, reason: 'busy: an operation is running' };
    const operation = this.profile.operations.status;
    if (!operation) return this.installationStatus();
    const output = await this.operations.run(() => this.run('status', expand(operation.args, {})));
    const problem = this.problem(output);
    if (problem !== null || output.result === null) return { ready: false, reason: problem ?? 'no result' };
    return statusFromResult(output.result);
  }

  /** Takes no new operation, and waits for the one running (never kills it mid-authorisation). */
  async close(): Promise<void> {
    this.closed = true;
    await this.operations.idle();
  }

  private async action(
    name: 'commit' | 'reverse' | 'refund',
    reference: TerminalReference,
  ): Promise<TerminalActionOutcome> {
    const operation = this.profile.operations[name];
    if (!operation) return { outcome: 'not_supported' };
    if (this.closed) return { outcome: 'unknown', reason: 'not started: the terminal is closed' };
    const values: Partial<Record<PilotPlaceholder, string | number>> = {
      amount: reference.amountMinor,
      receiptNo: reference.receiptNo,
    };
    if (reference.trace !== undefined) values.rrn = reference.trace;
    let args: string[];
    try {
      args = expand(operation.args, values);
    } catch (error) {
      // E.g. the profile's cancel needs the RRN and the reference has none: nothing was attempted,
      // and nothing is claimed either (not `refused`: the journal must not take it as done).
      return { outcome: 'unknown', reason: `not started: ${error instanceof Error ? error.message : String(error)}` };
    }
    const output = await this.operations.run(() => this.run(name, args));
    const problem = this.problem(output);
    if (problem !== null || output.result === null) return { outcome: 'unknown', reason: problem ?? 'no result' };
    return actionOutcomeFromResult(output.result, this.profile.result.actionRefusedCodes);
  }

  private authoriseOutcome(output: RunOutput, amountMinor: number): AuthoriseOutcome {
    const { run, result } = output;
    switch (run.state) {
      case 'not_started':
        return { outcome: 'not_sent', reason: run.reason };
      case 'timed_out':
        return { outcome: 'unknown', reason: 'timeout' };
      case 'aborted':
        // Killed on «Отмена» (only when the profile says that is safe): cancelled, unless the
        // program managed to write an approval first.
        if (result === null) return { outcome: 'cancelled' };
        break;
      case 'exited':
        // It ended without leaving a result (crashed, killed by someone else): it may have charged.
        if (result === null) return { outcome: 'unknown', reason: 'connection_lost' };
        break;
    }
    return authoriseOutcomeFromResult(result, { amountMinor, slip: output.slip, now: this.now() });
  }

  /** Why a run gave no usable result (did not start, timed out, left no file), or null. */
  private problem(output: RunOutput): string | null {
    const { run } = output;
    if (run.state === 'not_started') return `not started: ${run.reason}`;
    if (run.state === 'timed_out') return `timeout after ${run.durationMs} ms (the program was killed)`;
    if (run.state === 'aborted') return 'aborted';
    if (output.result === null) {
      const how = run.signal !== null ? `killed by ${run.signal}` : `exit code ${run.exitCode}`;
      return `the program ended (${how}) without its result file ${this.profile.result.file}`;
    }
    return null;
  }

  private async run(
    operation: PilotOperationName,
    args: string[],
    options: { timeoutMs?: number; signal?: AbortSignal | undefined; onPrompt?: AuthoriseOptions['onPrompt'] } = {},
  ): Promise<RunOutput> {
    const { profile } = this;
    const progress = profile.progress;
    const onPrompt = options.onPrompt;
    const run = await runPilotProgram({
      command: this.command,
      args,
      cwd: this.workingDir,
      env: this.env,
      timeoutMs: options.timeoutMs ?? profile.operations[operation]?.timeoutMs ?? 60_000,
      killGraceMs: profile.killGraceMs,
      staleFiles: [profile.result.file, profile.slip.file, ...(progress ? [progress.file] : [])],
      signal: options.signal,
      abortKills: profile.abortSafe,
      onStarted: () => emit(onPrompt, { kind: 'processing' }),
      progress:
        progress && onPrompt
          ? {
              file: progress.file,
              pollMs: progress.pollMs,
              onChange: (bytes) => {
                const text = parseProgress(bytes, progress.encoding);
                if (text !== '') emit(onPrompt, { kind: promptKind(text, progress.prompts), text });
              },
            }
          : undefined,
    });
    let result: PilotResult | null = null;
    let slip: string[] = [];
    if (run.state !== 'not_started' && run.state !== 'timed_out') {
      // A result file that cannot be read (permissions) is as good as none: the outcome is unknown.
      const resultBytes = await readPilotFile(this.workingDir, profile.result.file, MAX_RESULT_BYTES).catch(() => null);
      result = resultBytes === null ? null : parsePilotResult(resultBytes, profile.result);
      const slipBytes = await readPilotFile(this.workingDir, profile.slip.file, MAX_RESULT_BYTES).catch(() => null);
      slip = slipBytes === null ? [] : parseSlip(slipBytes, profile.slip.encoding);
    }
    this.report(operation, args, run, result);
    return { run, result, slip };
  }

  private report(operation: PilotOperationName, args: string[], run: PilotRun, result: PilotResult | null): void {
    if (!this.onRun) return;
    const record: PilotRunRecord = { operation, args, state: run.state };
    if (run.state === 'not_started') record.reason = run.reason;
    else record.durationMs = run.durationMs;
    if (run.state === 'exited') {
      record.exitCode = run.exitCode;
      record.signal = run.signal;
      if (run.abortIgnored) record.abortIgnored = true;
    }
    if (result?.kind === 'result') record.resultCode = result.code;
    try {
      this.onRun(record);
    } catch {
      // The owner's logging must not change a payment's outcome.
    }
  }

  private async installationStatus(): Promise<TerminalStatus> {
    try {
      if (!(await stat(this.workingDir)).isDirectory())
        return { ready: false, reason: `${this.workingDir} is not a directory` };
      await access(this.workingDir, constants.W_OK);
    } catch (error) {
      return { ready: false, reason: `the working directory ${this.workingDir} cannot be used: ${errorCode(error)}` };
    }
    try {
      await access(this.command, constants.X_OK);
    } catch (error) {
      return { ready: false, reason: `the program ${this.command} cannot be run: ${errorCode(error)}` };
    }
    return { ready: true };
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/**
 * Fills the placeholders of an argument template. Throws when a value is missing, or is not
 * letters, digits, `_` and `-` (no shell is involved, but a value starting a new argument or
 * looking like an option must not reach the program).
 */
export function expand(
  template: readonly string[],
  values: Partial<Record<PilotPlaceholder, string | number>>,
): string[] {
  return template.map((arg) =>
    arg.replace(/\{([^{}]*)\}/g, (_, name: string) => {
      const value = values[name as PilotPlaceholder];
      if (value === undefined) throw new Error(`the profile needs {${name}}, which this call does not have`);
      const text = String(value);
      if (!SAFE_VALUE.test(text) || text.startsWith('-'))
        throw new Error(`{${name}} "${text}" is not usable as an argument`);
      return text;
    }),
  );
}

/** The prompt kind of a progress message, by the profile's patterns in order. */
function promptKind(
  text: string,
  prompts: NonNullable<PilotPaymentProfile['progress']>['prompts'],
): TerminalPrompt['kind'] {
  for (const prompt of prompts) {
    try {
      if (new RegExp(prompt.match, 'iu').test(text)) return prompt.kind;
    } catch {
      // The schema checks that each pattern compiles; a bad one is skipped, not fatal here.
    }
  }
  return 'other';
}

function emit(onPrompt: AuthoriseOptions['onPrompt'], prompt: TerminalPrompt): void {
  try {
    onPrompt?.(prompt);
  } catch {
    // A listener's bug must not change the payment's outcome.
  }
}

function checkAmount(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || amountMinor > MAX_AMOUNT_MINOR) {
    throw new RangeError(`amount in kopecks must be a positive integer up to ${MAX_AMOUNT_MINOR}: ${amountMinor}`);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

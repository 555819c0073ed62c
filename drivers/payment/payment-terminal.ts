/**
 * A card payment terminal, as the payment service sees it, whatever protocol it speaks.
 *
 * Two-phase: `authorise` holds the funds; the kiosk then `commit`s once it has delivered (receipt
 * printed, payment recorded at the hub) or `reverse`s when it cannot deliver. Every answer the
 * terminal may not have given (a lost reply, a dead link) is `unknown`, never guessed: the
 * payment journal resolves it later with `lastTransaction`/`query`.
 *
 * Amounts are in kopecks (integers); the currency is the rouble (ISO 4217 643).
 */
export interface PaymentTerminal {
  /** What this terminal can do; the payment service adapts its policy to it. */
  readonly capabilities: TerminalCapabilities;

  /**
   * Asks the visitor for a card and authorises `amountMinor`. `onPrompt` receives the terminal's
   * own messages (insert card, enter PIN, processing…) to mirror on the screen. `signal` aborts
   * (the visitor pressed «Отмена»): the terminal is told to abort, and the outcome says whether
   * the abort won.
   */
  authorise(request: AuthoriseRequest, options?: AuthoriseOptions): Promise<AuthoriseOutcome>;
  /** Completes an authorised payment (funds taken). Idempotent for the same reference. */
  commit(reference: TerminalReference): Promise<TerminalActionOutcome>;
  /** Cancels an authorised (or committed, same day) payment: funds released. Idempotent. */
  reverse(reference: TerminalReference): Promise<TerminalActionOutcome>;
  /** Returns money of an earlier, settled payment. */
  refund(reference: TerminalReference, amountMinor: number): Promise<TerminalActionOutcome>;
  /**
   * What the terminal knows of its last transaction (after a crash: did the authorisation we
   * never heard back from happen?). `none` when it has no transaction since its last end of day.
   */
  lastTransaction(): Promise<LastTransactionOutcome>;
  /** Closes the day (сверка итогов): totals as the terminal counted them. */
  endOfDay(): Promise<EndOfDayOutcome>;
  /**
   * Runs the terminal's own diagnosis (its link to the bank's host, its configuration), when the
   * protocol has one (ZVT 06 70): the terminal's administration slip, or why it failed.
   */
  diagnosis?(): Promise<DiagnosisOutcome>;
  /** Whether the terminal is there and ready (status enquiry). */
  status(): Promise<TerminalStatus>;
  close(): Promise<void>;
}

export interface TerminalCapabilities {
  /** Funds held by `authorise` and taken by `commit` (pre-authorisation); else `authorise` sells. */
  holdsFunds: boolean;
  reversal: boolean;
  refund: boolean;
  /** `lastTransaction` can tell what happened to an authorisation whose reply was lost. */
  lastTransaction: boolean;
  /** An authorisation in progress can be aborted from the kiosk. */
  abort: boolean;
}

export interface AuthoriseRequest {
  /** The kiosk's id of the payment (journal key); terminals that carry a reference get it. */
  paymentId: string;
  amountMinor: number;
}

export interface AuthoriseOptions {
  onPrompt?: (prompt: TerminalPrompt) => void;
  signal?: AbortSignal;
  /** How long the whole authorisation may take (the visitor fumbles for the card). */
  timeoutMs?: number;
}

/** A message the terminal shows, mirrored on the kiosk's screen. */
export interface TerminalPrompt {
  kind: 'present_card' | 'enter_pin' | 'processing' | 'remove_card' | 'approved' | 'declined' | 'other';
  /** The terminal's own text, when it sent one. */
  text?: string;
}

/** Whatever the terminal needs to find a transaction again. */
export interface TerminalReference {
  /** The terminal's receipt number (ZVT BMP 87) or the pilot's check number. */
  receiptNo: string;
  /** Trace number (ZVT BMP 0B), when there is one. */
  trace?: string;
  amountMinor: number;
}

/** An approved authorisation: everything the receipt and the ledger need. No full card number. */
export interface ApprovedTransaction {
  reference: TerminalReference;
  /** Retrieval reference number from the bank. */
  rrn: string;
  authCode: string;
  /** `**** **** **** 1234`: at most the last four digits. */
  maskedPan: string;
  /** ISO 8601 as the terminal reported it (or the kiosk's clock when it did not). */
  at: string;
  terminalId?: string;
  /**
   * The currency the terminal says it took, ISO 4217 numeric (`643`, leading zeros allowed), when
   * it said one. The kiosk asks for roubles; anything else is a fault (see `approvalMismatch`).
   */
  currency?: string;
  /** The terminal's own slip, line by line, to print on the receipt. */
  slip: string[];
}

export type AuthoriseOutcome =
  | { outcome: 'approved'; transaction: ApprovedTransaction }
  | { outcome: 'declined'; code: string; message: string }
  /** Cancelled by the visitor at the terminal, or aborted from the kiosk before approval. */
  | { outcome: 'cancelled' }
  /** The terminal did not answer, or the link broke, after the request may have reached it. */
  | { outcome: 'unknown'; reason: 'timeout' | 'connection_lost' | 'malformed_reply' }
  /** The request certainly never reached the terminal (not connected, busy, refused). */
  | { outcome: 'not_sent'; reason: string };

export type TerminalActionOutcome =
  | { outcome: 'done' }
  /** The terminal says there is nothing to do (already committed / reversed / unknown ref). */
  | { outcome: 'refused'; code: string; message: string }
  | { outcome: 'unknown'; reason: string }
  | { outcome: 'not_supported' };

export type LastTransactionOutcome =
  | {
      outcome: 'found';
      kind: 'authorisation' | 'reversal' | 'refund' | 'commit';
      approved: boolean;
      transaction?: ApprovedTransaction;
      reference?: TerminalReference;
    }
  | { outcome: 'none' }
  | { outcome: 'unknown'; reason: string }
  | { outcome: 'not_supported' };

export interface EndOfDayTotals {
  /** Approved payments minus reversals, as the terminal counted them since the last end of day. */
  count: number;
  totalMinor: number;
  /** The terminal's end-of-day slip. */
  slip: string[];
}

export type EndOfDayOutcome = { outcome: 'done'; totals: EndOfDayTotals } | { outcome: 'failed'; reason: string };

/** The terminal's diagnosis: its slip (terminal data only, no card data), or why it failed. */
export type DiagnosisOutcome = { outcome: 'done'; slip: string[] } | { outcome: 'failed'; reason: string };

export type TerminalStatus = { ready: true; terminalId?: string } | { ready: false; reason: string };

import { z } from 'zod';
import { ApplicationStatusView, SecondFactor, SecondFactorKind } from '../hub/hub-api';
import { ContentHealthReport, ContentView } from './content';
import { DeviceStatus } from './devices';
import { helpCalls } from './help';
import type { CallName, EventName } from './kiosk-api-names';
import { KioskInfo } from './kiosk-info';
import {
  AmountMinor,
  ChargeView,
  FeeView,
  PaymentEnd,
  PaymentStage,
  PaymentStateView,
  PaymentSubject,
} from './payments';
import { ratingCalls } from './rating';
import { type Result, resultSchema } from './result';
import { ScreenLanguage } from './screen-language';
import { ServiceModeView } from './service-mode';
import { speechCalls, speechEvents } from './speech';
import { technicianCalls, technicianEvents } from './technician/technician-calls';
import { CatalogueView, CheckInOutcome, IssuedTicket } from './tickets';

/**
 * The KioskApi contract: every call and event between the touch UI and the main side.
 *
 * One module, three users: the Electron preload (builds domain verbs from it), the main-side
 * handlers (validate input and output against it) and the browser host (the same calls over a
 * WebSocket). The renderer only ever sees the `KioskApi` interface derived from it.
 */

const NoInput = z.object({}).strict();

/** Calls: name → input and output (the output is always a Result). */
export const kioskCalls = {
  /** What the UI needs to draw itself: office, idle timings, app version, which host runs it. */
  'kiosk.info': { input: NoInput, output: KioskInfo },
  /** The visitor touched the screen: restarts the idle countdown. */
  'session.activity': { input: NoInput, output: z.object({ sessionId: z.string() }) },
  /** The visitor pressed «На главную» / walked away on purpose: reset now. */
  'session.end': { input: NoInput, output: z.object({ sessionId: z.string() }) },
  /** Categories and services offered for queue tickets in this office. */
  'tickets.catalogue': { input: NoInput, output: CatalogueView },
  /** Issue and print a queue ticket for one service. */
  'tickets.issue': {
    /** `language`: the visitor's, for the ticket's words (Russian when absent). */
    input: z.object({ serviceId: z.string().min(1).max(64), language: ScreenLanguage.optional() }).strict(),
    output: IssuedTicket,
  },
  /**
   * Checks in for a booking (предварительная запись) with its code, typed or scanned (the raw
   * text: the main side extracts and checks the code), and prints a priority ticket.
   */
  'tickets.checkIn': {
    /** `language`: the visitor's, for the ticket's words (Russian when absent). */
    input: z.object({ code: z.string().max(256), language: ScreenLanguage.optional() }).strict(),
    output: CheckInOutcome,
  },
  /**
   * Prints the full list of documents for a service on A4 (office printer), or answers
   * `office_printer_unavailable` so the screen shows the list instead.
   */
  'tickets.printDocuments': {
    input: z.object({ serviceId: z.string().min(1).max(64) }).strict(),
    output: z.object({ pages: z.number().int().positive() }),
  },
  /**
   * Looks up an application's status at the hub. The number is kept in the main side's session
   * memory only (for «Распечатать»), and is gone at the idle reset.
   */
  'status.lookup': {
    input: z.object({ applicationNumber: z.string().max(64), secondFactor: SecondFactor.optional() }).strict(),
    output: z.discriminatedUnion('outcome', [
      z.object({
        outcome: z.literal('found'),
        application: ApplicationStatusView,
        /** The number as it may be shown back (masked), e.g. `КУВД-***-***0443`. */
        maskedNumber: z.string(),
      }),
      z.object({ outcome: z.literal('not_found') }),
      z.object({ outcome: z.literal('second_factor_required'), accepted: z.array(SecondFactorKind).min(1) }),
      z.object({ outcome: z.literal('second_factor_mismatch') }),
    ]),
  },
  /**
   * Prints the status slip of this session's last found application on the receipt printer.
   * `language`: the visitor's, for the slip's words (Russian when absent); `printedLanguage`: the
   * one it printed in (Russian where the printer's code page lacks the language's letters).
   */
  'status.printSlip': {
    input: z.object({ language: ScreenLanguage.optional() }).strict(),
    output: z.object({ printed: z.literal(true), printedLanguage: ScreenLanguage.optional() }),
  },
  /** The state of every configured device (for the UI's quiet warnings and the technician). */
  'devices.status': { input: NoInput, output: z.object({ devices: z.array(DeviceStatus) }) },
  /** «Позвать сотрудника»: a help request, or a call-back (`help.ts`). */
  ...helpCalls,
  /** Fees payable here, from the catalogue, and whether a card terminal is ready. */
  'payments.fees': { input: NoInput, output: z.object({ fees: z.array(FeeView), terminalReady: z.boolean() }) },
  /**
   * Resolves a УИН typed or scanned from a bill (the raw text: the main side extracts it from a
   * payment QR and checks the check digit) to the charge, at the hub.
   */
  'payments.resolveUin': {
    input: z.object({ text: z.string().max(2048) }).strict(),
    output: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('found'), charge: ChargeView }),
      z.object({ outcome: z.literal('not_found') }),
      z.object({ outcome: z.literal('already_paid') }),
      /** Not a УИН: wrong length or check digit. Nothing was sent. */
      z.object({ outcome: z.literal('invalid_uin') }),
    ]),
  },
  /**
   * Starts a card payment of the confirmed amount (the main side checks it against the subject's
   * amount: the visitor pays exactly what the screen showed). Progress and the end come as events.
   */
  'payments.start': {
    /** `language`: the visitor's, for the receipt's labels (Russian when absent; the legal lines stay Russian). */
    input: z
      .object({ subject: PaymentSubject, amountMinor: AmountMinor, language: ScreenLanguage.optional() })
      .strict(),
    output: z.object({
      paymentId: z.string(),
      /**
       * Before the card is read, how long the terminal may stay silent (or leave «Отмена»
       * unanswered) before the visitor hears «Терминал не отвечает» (`payments.noAnswerSeconds`).
       */
      noAnswerMs: z.number().int().positive(),
    }),
  },
  /** The visitor pressed «Отмена» while the terminal waits for the card (honoured if the terminal can). */
  'payments.cancel': {
    input: z.object({ paymentId: z.string().max(64) }).strict(),
    output: z.object({ accepted: z.boolean() }),
  },
  /** Where a payment of this session stands now. */
  'payments.state': { input: z.object({ paymentId: z.string().max(64) }).strict(), output: PaymentStateView },
  /** What the current content release shows: announcements now current, texts by language, office details, attract loop. */
  'content.current': { input: NoInput, output: ContentView },
  /**
   * The renderer drew the home screen of a release on trial with every file it needed (`ok`), or
   * could not (`problem`): the release stays, or is rolled back now. `accepted`: it was on trial.
   */
  'content.healthy': { input: ContentHealthReport, output: z.object({ accepted: z.boolean() }) },
  /** Whether the kiosk serves visitors now, or is out of service by the centre's command (and what to do instead). */
  'kiosk.serviceMode': { input: NoInput, output: ServiceModeView },
  /** Voice guidance (`speech.ts`): say, stop, repeat, the headphones' state. */
  ...speechCalls,
  /** The technician mode (`technician/technician-calls.ts`): refused unless a technician is signed in. */
  ...technicianCalls,
  /** Rating the service from the home screen (`rating.ts`). */
  ...ratingCalls,
  /**
   * The page is alive: sent every 2 s from an animation frame, so a page whose main thread is
   * blocked or whose renderer hung stops sending it and the host restarts it (docs/operations/supervision.md).
   */
  'kiosk.heartbeat': { input: NoInput, output: z.object({}).strict() },
  // Exactly the names of `kiosk-api-names.ts`: a missing or an extra call does not compile.
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

/** Events: name → payload, pushed from the main side to the UI. */
export const kioskEvents = {
  /** The session was reset (idle timeout or on request): the UI returns home and forgets. */
  'session.reset': z.object({
    reason: z.enum(['idle', 'visitor', 'restart']),
    sessionId: z.string(),
  }),
  /** The idle reset is near: the UI asks «Вы ещё здесь?». */
  'session.idleWarning': z.object({ secondsLeft: z.number().int().nonnegative() }),
  /** A device changed state. */
  'devices.changed': z.object({ devices: z.array(DeviceStatus) }),
  /**
   * A code was read by a scanner (only delivered while a screen listens). `kind` says what the
   * main side recognised: a payment QR (GOST R 56042), GS1 data (a marking code), or other text.
   */
  'scanner.scanned': z.object({
    text: z.string().max(4096),
    symbology: z.string().max(8).optional(),
    kind: z.enum(['payment_qr', 'gs1', 'text']).optional(),
  }),
  /**
   * A document was placed on the passport/ID reader. Only its layout and whether it was read:
   * the document itself is personal data (152-ФЗ) and stays in the main side's session memory.
   */
  'document.presented': z
    .object({
      kind: z.enum(['td1', 'td2', 'td3', 'ru_internal']),
      ok: z.boolean(),
    })
    .strict(),
  /** The card terminal's prompt for a payment in progress (see `payments.start`). */
  'payment.progress': z.object({
    paymentId: z.string(),
    stage: PaymentStage,
    text: z.string().max(200).optional(),
    /** Whether the terminal has read the card (see `PaymentStateView`). */
    cardRead: z.boolean(),
  }),
  /** A payment ended: what the visitor is told. */
  'payment.finished': z.object({ paymentId: z.string(), end: PaymentEnd }),
  /** The content release the screens show changed (a switch, or a rollback; none: no release): ask `content.current` again. */
  'content.changed': z.object({ releaseId: z.string().max(100).optional() }),
  /** The kiosk went out of service or back in (a remote command, once no visitor session was running). */
  'kiosk.serviceModeChanged': ServiceModeView,
  ...technicianEvents,
  ...speechEvents,
} as const satisfies Record<EventName, z.ZodType>;

export type { CallName, EventName } from './kiosk-api-names';
export type CallInput<K extends CallName> = z.input<(typeof kioskCalls)[K]['input']>;
export type CallOutput<K extends CallName> = z.infer<(typeof kioskCalls)[K]['output']>;
export type EventPayload<K extends EventName> = z.infer<(typeof kioskEvents)[K]>;

/** Every call's answer as a zod schema, built once from the contract. */
export const callResultSchemas = Object.fromEntries(
  Object.entries(kioskCalls).map(([name, call]) => [name, resultSchema(call.output)]),
) as unknown as { [K in CallName]: z.ZodType<Result<CallOutput<K>>> };

export { callNames, eventNames } from './kiosk-api-names';

/** Tells whether an untrusted string names a call of the contract. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(kioskCalls, name);
}

/** Tells whether an untrusted string names an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(kioskEvents, name);
}

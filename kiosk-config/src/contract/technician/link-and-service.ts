import { z } from 'zod';
import { ContentStateName } from '../../content/content-state';
// biome-ignore lint/style/noRestrictedImports: kiosk-config/src/hub is portable; biome's exceptions name only ./hub and ../hub (dependency-cruiser decides)
import { DeviceHealth, LinkQuality, VisitorFacingState } from '../../hub/fleet-health';
import { ServiceModeView } from '../service-mode';

const NoInput = z.object({}).strict();
const IsoTime = z.iso.datetime({ offset: true });
const ShortText = z.string().max(200);

/** One lane of the outbox: how many items wait and since when the oldest. */
export const OutboxLaneView = z
  .object({ lane: z.enum(['first', 'rest']), count: z.number().int().nonnegative(), oldestAt: IsoTime.optional() })
  .strict();

/** The hub clock minus the kiosk's, from the `Date` headers of the hub's answers. */
export const ClockOffsetView = z
  .object({
    offsetMs: z.number().int(),
    /** The true offset lies within `offsetMs ± uncertaintyMs`. */
    uncertaintyMs: z.number().int().nonnegative(),
    measuredAt: IsoTime,
    samples: z.number().int().positive(),
  })
  .strict();

/** «Связь и содержимое»: the kiosk's link to the hub, its identity, its outbox, its content and its clock. */
export const TechnicianLinkView = z
  .object({
    kioskId: z.string().max(64),
    hub: z
      .object({
        /** A hub address is configured. */
        configured: z.boolean(),
        /** The link's circuit breaker: `open` means the kiosk answers offline now. */
        circuit: z.enum(['closed', 'open', 'half_open']),
        /** When the hub last answered any request of this kiosk (since start). */
        lastContactAt: IsoTime.optional(),
      })
      .strict(),
    enrollment: z.discriminatedUnion('enrolled', [
      z.object({ enrolled: z.literal(true), officeId: z.string().max(64), enrolledAt: IsoTime }).strict(),
      z.object({ enrolled: z.literal(false) }).strict(),
    ]),
    outbox: z.array(OutboxLaneView).max(2),
    content: z
      .object({
        /** The content channel runs on this kiosk. */
        enabled: z.boolean(),
        version: z.number().int().positive().optional(),
        state: ContentStateName.optional(),
        stateAt: IsoTime.optional(),
        /** Why the last release was refused or rolled back (a technical reason). */
        reason: ShortText.optional(),
        lastCheckAt: IsoTime.optional(),
        lastCheckOutcome: z.string().max(40).optional(),
      })
      .strict(),
    clock: z
      .object({
        kioskTime: IsoTime,
        offset: ClockOffsetView.optional(),
        /** What `timedatectl` says; absent where it cannot be asked (`problem` says why). */
        ntp: z.object({ active: z.boolean(), synchronized: z.boolean() }).strict().optional(),
        systemTimeZone: z.string().max(64).optional(),
        problem: ShortText.optional(),
      })
      .strict(),
  })
  .strict();
export type TechnicianLinkView = z.infer<typeof TechnicianLinkView>;

/** How «Взять время у центра» ended. */
export const SetClockAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('set'), correctedByMs: z.number().int() }).strict(),
  z.object({ outcome: z.literal('ntp_active') }).strict(),
  z.object({ outcome: z.literal('not_measured') }).strict(),
  z.object({ outcome: z.literal('already_right') }).strict(),
  z.object({ outcome: z.literal('failed'), problem: ShortText }).strict(),
]);
export type SetClockAnswer = z.infer<typeof SetClockAnswer>;

/** A log line as the technician's page shows it: allow-listed fields only, no visitor data. */
export const ShownLogLineView = z
  .object({
    at: IsoTime,
    level: z.enum(['debug', 'info', 'warn', 'error']),
    component: z.string().max(40).optional(),
    message: z.string().max(200),
    details: z.array(z.string().max(80)).max(20),
  })
  .strict();

/** Who last put the kiosk out of service or back. */
export const ServiceChangeView = z
  .object({ by: z.enum(['technician', 'centre']), person: z.string().max(80).optional(), at: IsoTime })
  .strict();

/** «Обслуживание»: in service or not, the kiosk's health problems, recent log lines. */
export const TechnicianServiceView = z
  .object({
    mode: ServiceModeView,
    changed: ServiceChangeView.optional(),
    visitor: z.object({ state: VisitorFacingState, reason: z.string().max(64).optional() }).strict(),
    link: LinkQuality,
    devices: z.array(DeviceHealth).max(16),
    paymentsNeedingAttention: z.number().int().nonnegative(),
    freeDiskMiB: z.number().int().nonnegative().optional(),
    logLines: z.array(ShownLogLineView).max(100),
  })
  .strict();
export type TechnicianServiceView = z.infer<typeof TechnicianServiceView>;

/** A removable volume the bundle can be written to. */
export const UsbVolumeView = z
  .object({
    device: z.string().regex(/^\/dev\/[A-Za-z0-9/_-]{1,64}$/),
    label: z.string().max(128).optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
    fsType: z.string().max(32),
  })
  .strict();

const Failed = z.object({ outcome: z.literal('failed'), problem: ShortText }).strict();

/** The sticks plugged in now. */
export const UsbVolumesAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('listed'), volumes: z.array(UsbVolumeView).max(32) }).strict(),
  Failed,
]);

/** How writing the logs and the diagnostic bundle to a stick ended. */
export const UsbExportAnswer = z.discriminatedUnion('outcome', [
  /** Written, read back equal, unmounted: «Можно извлекать». */
  z
    .object({
      outcome: z.literal('done'),
      folder: z.string().max(100),
      files: z.array(z.object({ name: z.string().max(100), bytes: z.number().int().nonnegative() }).strict()).max(10),
      poweredOff: z.boolean(),
    })
    .strict(),
  z.object({ outcome: z.literal('not_found') }).strict(),
  z
    .object({
      outcome: z.literal('failed'),
      step: z.enum(['bundle', 'mount', 'write', 'verify', 'unmount']),
      problem: ShortText,
    })
    .strict(),
]);
export type UsbExportAnswer = z.infer<typeof UsbExportAnswer>;

/** How sending the bundle to the hub ended. */
export const HubBundleAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('sent'), bytes: z.number().int().nonnegative() }).strict(),
  Failed,
]);

/** What a scanned enrollment QR names, or why it cannot be used. */
export const EnrollPreviewAnswer = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('ready'),
      kioskId: z.string().max(64),
      officeId: z.string().max(64),
      officeName: z.string().max(200).optional(),
      expiresAt: IsoTime.optional(),
    })
    .strict(),
  /** The text is not an enrollment QR. */
  z.object({ outcome: z.literal('not_enrollment_code') }).strict(),
  /** The code was made for another kiosk id. */
  z.object({ outcome: z.literal('other_kiosk'), kioskId: z.string().max(64) }).strict(),
  /** Past the code's expiry. */
  z.object({ outcome: z.literal('expired') }).strict(),
  /** This kiosk is enrolled already. */
  z.object({ outcome: z.literal('already_enrolled'), officeId: z.string().max(64) }).strict(),
]);
export type EnrollPreviewAnswer = z.infer<typeof EnrollPreviewAnswer>;

/** How the enrollment ended. */
export const EnrollConfirmAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('enrolled'), officeId: z.string().max(64) }).strict(),
  /** The hub refused the code: unknown, spent or expired; a new one is needed. */
  z.object({ outcome: z.literal('refused') }).strict(),
  z.object({ outcome: z.literal('rate_limited') }).strict(),
  z.object({ outcome: z.literal('hub_unreachable') }).strict(),
  z.object({ outcome: z.literal('not_enrollment_code') }).strict(),
  z.object({ outcome: z.literal('other_kiosk'), kioskId: z.string().max(64) }).strict(),
  z.object({ outcome: z.literal('expired') }).strict(),
  z.object({ outcome: z.literal('already_enrolled'), officeId: z.string().max(64) }).strict(),
]);
export type EnrollConfirmAnswer = z.infer<typeof EnrollConfirmAnswer>;

const ScannedText = z.object({ text: z.string().min(1).max(1024) }).strict();

/** The calls of «Связь и содержимое», «Обслуживание» and «Подключение к центру», spread into `technicianCalls`. */
export const linkAndServiceCalls = {
  /** The link, identity, outbox, content and clock now. */
  'technician.link.status': { input: NoInput, output: TechnicianLinkView },
  /** Asks the hub now (a light request: it also measures the clock), then answers the same view. */
  'technician.link.check': { input: NoInput, output: TechnicianLinkView },
  /** «Взять время у центра»: sets the system clock to the hub's, unless network time keeps it. */
  'technician.clock.setFromHub': { input: NoInput, output: SetClockAnswer },
  /** In service or not, health problems, recent log lines. */
  'technician.service.status': { input: NoInput, output: TechnicianServiceView },
  /** Puts the kiosk out of service or back (the same mode as the centre's command), recording who. */
  'technician.service.set': { input: z.object({ inService: z.boolean() }).strict(), output: TechnicianServiceView },
  /** The USB sticks plugged in now. */
  'technician.export.volumes': { input: NoInput, output: UsbVolumesAnswer },
  /** Writes the logs and the diagnostic bundle to a stick, verifies, unmounts. */
  'technician.export.toUsb': {
    input: z.object({ device: UsbVolumeView.shape.device }).strict(),
    output: UsbExportAnswer,
  },
  /** Sends the same bundle to the hub. */
  'technician.export.toHub': { input: NoInput, output: HubBundleAnswer },
  /** What a scanned enrollment QR names (the office), before the technician confirms. */
  'technician.enroll.preview': { input: ScannedText, output: EnrollPreviewAnswer },
  /** Enrolls the kiosk with the scanned one-time code. */
  'technician.enroll.confirm': { input: ScannedText, output: EnrollConfirmAnswer },
} as const;

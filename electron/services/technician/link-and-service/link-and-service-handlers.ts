import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MAX_ATTACHMENT_BYTES } from '../../../../kiosk-config/src/hub/remote-commands';
import {
  ok,
  type TechnicianServiceView,
  type TechnicianStateView,
  type UsbExportAnswer,
} from '../../../../kiosk-config/src/index';
import type { CallHandlers } from '../../api/call-dispatcher';
import type { KioskContent } from '../../content/start-content';
import type { HealthReporter } from '../../fleet/health-reporter';
import type { ServiceMode } from '../../fleet/service-mode';
import type { HubServices } from '../../hub/hub-services';
import type { Logger } from '../../logging/logger';
import type { TechnicianAudit } from '../technician-audit';
import { bundleFolderName, type DiagnosticState, diagnosticBundle } from './diagnostic-bundle';
import { EnrollByQr } from './enroll-by-qr';
import { linkStatus } from './link-status';
import { recentLogLines } from './recent-log-lines';
import { SystemClock } from './system-clock';
import type { SystemCommands } from './system-commands';
import { UsbExport } from './usb-export';

/** What the three pages act on. */
export interface LinkAndServiceDeps {
  kioskId: string;
  appVersion: string;
  hub: Pick<HubServices, 'link' | 'outbox' | 'contact'>;
  content: Pick<KioskContent, 'activity' | 'currentVersion' | 'store' | 'check'>;
  serviceMode: ServiceMode;
  health: Pick<HealthReporter, 'snapshot'>;
  /** Who is signed in (recorded with each change). */
  technician: { readonly view: TechnicianStateView };
  audit: TechnicianAudit;
  logsDir: string;
  /** Where plain `mount` (no udisks) mounts a stick. */
  fallbackMountDir: string;
  commands: SystemCommands;
  log: Logger;
}

type Names =
  | 'technician.link.status'
  | 'technician.link.check'
  | 'technician.clock.setFromHub'
  | 'technician.service.status'
  | 'technician.service.set'
  | 'technician.export.volumes'
  | 'technician.export.toUsb'
  | 'technician.export.toHub'
  | 'technician.enroll.preview'
  | 'technician.enroll.confirm';

/** How many recent log lines the «Обслуживание» page shows. */
const SHOWN_LOG_LINES = 40;
/** Hours of logs in a bundle: the fleet command's longest period. */
const BUNDLE_HOURS = 72;
/** A stick takes more than the hub's attachment cap. */
const USB_LOG_BYTES = 32 * 1024 * 1024;

/**
 * The handlers of «Связь и содержимое», «Обслуживание» and «Подключение к центру». Every action
 * records itself in the technician audit (with who), never with visitor data; the gate
 * (`technicianOnly`) refuses them all without a signed-in technician.
 */
export function linkAndServiceHandlers(deps: LinkAndServiceDeps): Pick<CallHandlers, Names> {
  const clock = new SystemClock(deps.commands);
  const usb = new UsbExport({ commands: deps.commands, fallbackMountDir: deps.fallbackMountDir });
  const enroll = new EnrollByQr(deps.kioskId, deps.hub.link);
  const person = () => (deps.technician.view.open ? deps.technician.view.person : 'unknown');
  const link = () => linkStatus({ kioskId: deps.kioskId, hub: deps.hub, content: deps.content, clock });

  const serviceView = async (): Promise<TechnicianServiceView> => {
    const { state } = await deps.health.snapshot();
    const changed = deps.serviceMode.changed;
    return {
      mode: deps.serviceMode.view,
      ...(changed ? { changed } : {}),
      visitor: state.visitor,
      link: state.link,
      devices: state.devices,
      paymentsNeedingAttention: state.paymentsNeedingAttention,
      ...(state.freeDiskMiB === undefined ? {} : { freeDiskMiB: state.freeDiskMiB }),
      logLines: (await recentLogLines(deps.logsDir, SHOWN_LOG_LINES)).map(({ component, ...line }) => ({
        ...line,
        ...(component === undefined ? {} : { component }),
      })),
    };
  };

  const diagnosticState = async (): Promise<DiagnosticState> => {
    const { logLines: _shownOnly, ...service } = await serviceView();
    return { kioskId: deps.kioskId, appVersion: deps.appVersion, parts: { link: await link(), service } };
  };

  return {
    'technician.link.status': async () => ok(await link()),
    'technician.link.check': async () => {
      const answered = await deps.hub.link.probe();
      deps.audit.record('link.check', { by: person(), answered });
      return ok(await link());
    },
    'technician.clock.setFromHub': async () => {
      const offset = deps.hub.contact.clockOffset;
      const outcome = await clock.setFromHub(offset);
      if (outcome.outcome === 'set') {
        // Earlier answers measured the old clock.
        deps.hub.contact.clockChanged();
        void deps.hub.link.probe();
      }
      deps.audit.record('clock.set_from_hub', {
        by: person(),
        outcome: outcome.outcome,
        ...(offset ? { offsetMs: offset.offsetMs, uncertaintyMs: offset.uncertaintyMs } : {}),
      });
      return ok(outcome);
    },
    'technician.service.status': async () => ok(await serviceView()),
    'technician.service.set': async ({ inService }) => {
      const changed = { by: 'technician' as const, person: person(), at: new Date().toISOString() };
      if (inService) await deps.serviceMode.set({ inService: true }, changed);
      else
        await deps.serviceMode.set({ inService: false, instead: 'Талон можно получить у сотрудника центра' }, changed);
      deps.audit.record(inService ? 'service.in' : 'service.out', { by: changed.person });
      return ok(await serviceView());
    },
    'technician.export.volumes': async () => {
      const listed = await usb.volumes();
      if (!listed.ok) return ok({ outcome: 'failed', problem: listed.problem });
      return ok({
        outcome: 'listed',
        volumes: listed.volumes.map(({ device, label, sizeBytes, fsType }) => ({
          device,
          fsType,
          ...(label === undefined ? {} : { label }),
          ...(sizeBytes === undefined ? {} : { sizeBytes }),
        })),
      });
    },
    'technician.export.toUsb': async ({ device }): Promise<{ ok: true; value: UsbExportAnswer }> => {
      const now = new Date();
      let files: Awaited<ReturnType<typeof diagnosticBundle>>['files'];
      try {
        ({ files } = await diagnosticBundle({
          logsDir: deps.logsDir,
          hours: BUNDLE_HOURS,
          maxLogBytes: USB_LOG_BYTES,
          state: await diagnosticState(),
          now,
        }));
      } catch (error) {
        deps.log.error({ err: error }, 'diagnostic bundle failed');
        return ok({ outcome: 'failed', step: 'bundle', problem: 'the bundle could not be made (see the log)' });
      }
      const outcome = await usb.export(device, bundleFolderName(deps.kioskId, now), files);
      deps.audit.record('export.usb', {
        by: person(),
        outcome: outcome.outcome,
        ...(outcome.outcome === 'failed' ? { step: outcome.step } : {}),
      });
      if (outcome.outcome !== 'done') return ok(outcome);
      return ok({
        outcome: 'done',
        folder: outcome.folder,
        files: outcome.files.map(({ name, bytes }) => ({ name, bytes })),
        poweredOff: outcome.poweredOff,
      });
    },
    'technician.export.toHub': async () => {
      const now = new Date();
      // One gzip member for the diagnostic record, then the logs' own: gunzip reads them as one stream.
      const head = gzipSync(
        `${JSON.stringify({ diagnostic: { ...(await diagnosticState()), createdAt: now.toISOString() } })}\n`,
      );
      const { files } = await diagnosticBundle({
        logsDir: deps.logsDir,
        hours: BUNDLE_HOURS,
        maxLogBytes: MAX_ATTACHMENT_BYTES - head.length,
        state: { kioskId: deps.kioskId, appVersion: deps.appVersion, parts: {} },
        now,
      });
      const logs = files.find((file) => file.name.endsWith('.gz'));
      const data = Buffer.concat([head, logs?.data ?? new Uint8Array()]);
      const sent = await deps.hub.link.client.call('technicianBundle', {
        bundleId: randomUUID(),
        technician: person(),
        hours: BUNDLE_HOURS,
        mediaType: 'application/gzip',
        sha256: createHash('sha256').update(data).digest('hex'),
        dataBase64: data.toString('base64'),
      });
      deps.audit.record('export.hub', { by: person(), outcome: sent.ok ? 'sent' : sent.error.code });
      return ok(
        sent.ok
          ? { outcome: 'sent', bytes: data.length }
          : { outcome: 'failed', problem: `${sent.error.code}: ${sent.error.message}`.slice(0, 200) },
      );
    },
    'technician.enroll.preview': async ({ text }) => ok(enroll.preview(text)),
    'technician.enroll.confirm': async ({ text }) => {
      const answer = await enroll.confirm(text);
      // The code is a secret: never in the audit; the office is the hub's answer.
      deps.audit.record('enroll', {
        by: person(),
        outcome: answer.outcome,
        ...(answer.outcome === 'enrolled' ? { officeId: answer.officeId } : {}),
      });
      if (answer.outcome === 'enrolled') void deps.content.check();
      return ok(answer);
    },
  };
}

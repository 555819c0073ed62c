import { listPrinterProfiles } from '../../../../drivers/printer/load-printer-profile';
import { parseInRussian } from '../../../../kiosk-config/src/config/russian-issues';
import {
  applySettings,
  flattenSettings,
  SETTINGS_SECTIONS,
  settingsOfConfig,
  TechnicianSettings,
  unflattenSettings,
} from '../../../../kiosk-config/src/config/technician-settings';
import { ok, type PortsAndSettingsCallName } from '../../../../kiosk-config/src/index';
import type { CallHandlers } from '../../api/call-dispatcher';
import type { ConfigStore } from '../../config/config-store';
import type { TechnicianAudit } from '../technician-audit';
import { settingsFields } from './settings-form';

/** What the «Настройки» page's calls use. */
export interface SettingsServices {
  store: ConfigStore;
  profilesDir: string;
  audit: TechnicianAudit;
  /** The host's restart, when it gave one (Electron's relaunch, the browser host's supervisor). */
  restart: () => (() => void) | undefined;
}

/** The «Настройки» page's calls and the config store's: the form, saving it, the change's verdict, a restart. */
export function settingsCallHandlers(
  services: SettingsServices,
): Pick<CallHandlers, Exclude<PortsAndSettingsCallName, `technician.ports.${string}`>> {
  const { store, audit } = services;
  return {
    'technician.settings.form': async () => {
      const [config, profiles] = await Promise.all([
        store.current(),
        listPrinterProfiles({ dir: services.profilesDir }),
      ]);
      const settings = settingsOfConfig(config);
      return ok({
        sections: SETTINGS_SECTIONS.filter(({ id }) => settings[id] !== undefined).map(({ id, title }) => ({
          id,
          title,
        })),
        fields: settingsFields({ 'printer.profile': profiles }).filter(
          (field) => settings[field.section as keyof typeof settings] !== undefined,
        ),
        values: flattenSettings(settings),
      });
    },
    'technician.settings.save': async ({ values }) => {
      const parsed = parseInRussian(TechnicianSettings, unflattenSettings(values));
      if (!parsed.ok) return ok({ saved: false, issues: parsed.issues });
      const saved = await store.change((raw) => applySettings(raw, parsed.value));
      audit.record('settings.save', { saved: saved.saved, fields: Object.keys(values).length });
      return ok(saved);
    },
    'technician.config.state': async () => ok(store.state),
    'technician.config.confirm': async () => {
      audit.record('config.confirm');
      return ok(await store.confirm());
    },
    'technician.config.restart': async () => {
      const restart = services.restart();
      if (!restart || store.state.pending) return ok({ restarting: false });
      audit.record('config.restart');
      // After the answer has left: the restart closes the transport.
      setTimeout(restart, 200).unref();
      return ok({ restarting: true });
    },
  };
}

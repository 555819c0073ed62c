import { describe, expect, it } from 'vitest';
import { parseInRussian } from '../../../../kiosk-config/src/config/russian-issues';
import {
  applySettings,
  flattenSettings,
  settingsOfConfig,
  TechnicianSettings,
  unflattenSettings,
} from '../../../../kiosk-config/src/config/technician-settings';
import { KioskConfig } from '../../../../kiosk-config/src/index';
import { settingsFields } from './settings-form';

const RAW = {
  kiosk: { id: 'k1' },
  office: { id: 'o1', name: 'МФЦ' },
  session: {},
  devices: { printer: { profile: 'generic-80mm', connection: { kind: 'simulated' } } },
  hub: { kind: 'remote', url: 'https://hub.example', provisioningToken: 'secret-token-0123456789' },
};

describe('the settings form', () => {
  it('draws each field from the schema: kind, limits, choices, Russian labels', () => {
    const fields = settingsFields({ 'printer.profile': ['generic-58mm', 'generic-80mm'] });
    expect(fields.find((f) => f.path === 'session.idleResetSeconds')).toEqual({
      path: 'session.idleResetSeconds',
      section: 'session',
      label: 'Возврат на главный экран без касаний, с',
      kind: 'integer',
      min: 10,
      max: 3600,
      optional: false,
    });
    expect(fields.find((f) => f.path === 'scanner.charset')).toMatchObject({
      kind: 'enum',
      options: ['utf-8', 'windows-1251'],
      optional: true,
    });
    expect(fields.find((f) => f.path === 'printer.profile')?.options).toEqual(['generic-58mm', 'generic-80mm']);
    expect(fields.find((f) => f.path === 'content.enabled')?.kind).toBe('boolean');
    expect(fields.every((f) => !f.path.startsWith('hub'))).toBe(true);
  });

  it('shows no secret and writes back only what the form has', () => {
    const config = KioskConfig.parse(RAW);
    const values = flattenSettings(settingsOfConfig(config));
    expect(JSON.stringify(values)).not.toContain('secret-token');
    values['tickets.footer'] = 'Телефон 8-800';
    values['officePrinter.destination'] = 'office_a4';
    const parsed = parseInRussian(TechnicianSettings, unflattenSettings(values));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const next = applySettings(RAW, parsed.value);
    expect(next.hub).toEqual(RAW.hub);
    const after = KioskConfig.parse(next);
    expect(after.tickets.footer).toBe('Телефон 8-800');
    expect(after.officePrinter?.destination).toBe('office_a4');
    // A simulated printer has its speed in the connection too.
    expect(after.devices.printer?.connection).toEqual({ kind: 'simulated', baudRate: 115200 });
  });

  it('says each problem in Russian', () => {
    const values = flattenSettings(settingsOfConfig(KioskConfig.parse(RAW)));
    values['session.idleWarningSeconds'] = 90;
    values['tickets.footer'] = 'x'.repeat(301);
    values['content.pollSeconds'] = null;
    const parsed = parseInRussian(TechnicianSettings, unflattenSettings(values));
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      {
        path: 'session.idleWarningSeconds',
        message: 'Предупреждение должно появляться раньше возврата на главный экран',
      },
      { path: 'tickets.footer', message: 'Не длиннее 300 знаков' },
      { path: 'content.pollSeconds', message: 'Нужно число' },
    ]);
  });
});

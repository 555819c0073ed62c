import { describe, expect, it } from 'vitest';
import { CALLBACKS_PATH, helpRequestsPath } from '../help/help-paths';
import { type ConsoleSections, consolePage } from './console-html';
import { fleetPage } from './console-pages';
import type { ConsoleUser } from './console-roles';

const ALL: ConsoleSections = { payments: true, ratings: true, technician: true, help: true };
const NONE: ConsoleSections = { payments: false, ratings: false, technician: false, help: false };
const CENTRE_HEAD: ConsoleUser = { login: 'head', role: 'office_head', officeId: '000' };
const ADMIN: ConsoleUser = { login: 'admin', role: 'regional_admin' };

describe('the console menu', () => {
  const page = (user: ConsoleUser, sections: ConsoleSections) =>
    consolePage('Терминалы', { user, csrfToken: 'token', sections }, '');
  const fleet = (sections: ConsoleSections) =>
    fleetPage(
      { user: ADMIN, csrfToken: 'token', sections },
      [{ officeId: 'mfc-1', name: 'МФЦ', timeZone: 'Europe/Moscow', kiosks: [], openAlerts: 0 }],
      0,
    );

  it('links the pages whose store the hub runs with', () => {
    const head = page(CENTRE_HEAD, ALL);
    for (const href of ['/console/offices/000/payments', helpRequestsPath('000'), CALLBACKS_PATH]) {
      expect(head, href).toContain(`href="${href}"`);
    }
    expect(page(ADMIN, ALL)).toContain('href="/console/technician-tokens"');
    expect(fleet(ALL)).toContain('href="/console/offices/mfc-1/ratings"');
    expect(fleet(ALL)).toContain('href="/console/offices/mfc-1/payments"');
  });

  it('hides the links of pages the hub does not serve (they would answer 404)', () => {
    const head = page(CENTRE_HEAD, NONE);
    for (const href of ['/console/offices/000/payments', helpRequestsPath('000'), CALLBACKS_PATH]) {
      expect(head, href).not.toContain(`href="${href}"`);
    }
    expect(head).toContain('href="/console/offices/000/queue"');
    expect(page(ADMIN, NONE)).not.toContain('technician-tokens');
    expect(fleet(NONE)).not.toContain('/ratings"');
    expect(fleet(NONE)).not.toContain('/payments"');
    expect(fleet(NONE)).toContain('href="/console/offices/mfc-1/queue"');
  });
});

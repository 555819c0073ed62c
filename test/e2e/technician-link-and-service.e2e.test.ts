import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeSystemCommands,
  LSBLK_ONE_STICK,
} from '../../electron/services/technician/link-and-service/system-commands-test-support';
import { HubAdmin } from '../../hub/admin/admin-commands';
import { DEMO_OFFICE_ID } from '../../hub/db/demo-seed';
import { formatEnrollmentQr } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/**
 * The technician's three pages in real Chromium on a kiosk that was never enrolled: the link
 * (hub reachable, not enrolled, clock measured, NTP keeps the time), enrollment by scanning the
 * hub's one-time code QR on the simulated scanner (the office from the code), then «Обслуживание»:
 * logs to a USB stick (the OS commands answered by the test, the files real) and to the hub, out
 * of service (the visitor screen says so after «Выйти») and back.
 */
describe('technician: link, enrollment and service, in Chromium', () => {
  let kiosk: KioskInChromium;
  let stick: string;
  let commands: FakeSystemCommands;

  beforeAll(async () => {
    stick = await mkdtemp(path.join(tmpdir(), 'okno-e2e-stick-'));
    commands = new FakeSystemCommands({
      'timedatectl show': { stdout: 'Timezone=Europe/Moscow\nNTP=yes\nNTPSynchronized=yes\n' },
      lsblk: { stdout: LSBLK_ONE_STICK },
      'udisksctl mount': { stdout: `Mounted /dev/sdb1 at ${stick}\n` },
      'udisksctl unmount': {},
      'udisksctl power-off': {},
    });
    kiosk = await startKioskInChromium({
      session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
      enroll: 'none',
      systemCommands: commands,
    });
  }, 60_000);
  afterAll(async () => {
    await kiosk?.close();
    await rm(stick, { recursive: true, force: true });
  });

  const tab = async (id: string) => {
    await kiosk.page.getByTestId(`technician-tab-${id}`).click();
    await kiosk.page.getByTestId(`technician-page-${id}`).waitFor();
  };

  it('shows the link, enrolls by the scanned QR, exports, and takes the kiosk out of service and back', async () => {
    const { page } = kiosk;
    const core = kiosk.kiosk.core;
    expect(core.hub.link.enrolled).toBe(false);
    core.technician.open('Петров И.', 'qr');
    await page.getByTestId('technician-mode').waitFor();

    // «Связь и содержимое»: the hub answers, the kiosk is not enrolled; a check measures the clock.
    await tab('link');
    await page.getByTestId('link-page').waitFor();
    await page.getByTestId('link-check').click();
    await eventually(async () => (await kiosk.text('link-offset')).startsWith('Часы'), 'the clock measured', 10_000);
    expect(await kiosk.text('link-hub')).toBe('Центр на связи');
    expect(await kiosk.text('link-enrollment')).toBe(`${core.config.kiosk.id} — не подключён к центру`);
    expect(await kiosk.text('link-last-contact')).toBe('только что');
    expect(await kiosk.text('link-ntp')).toBe('автоматическая, выполнена');
    await page.getByTestId('link-take-hub-time').click();
    await page.getByTestId('link-clock-message').waitFor();
    expect(await kiosk.text('link-clock-message')).toBe('Время синхронизируется автоматически');
    expect(commands.calls.filter((call) => call.includes('set-time'))).toEqual([]);
    await kiosk.screenshot('technician-link');

    // «Подключение к центру»: the centre's code as a QR, shown to the kiosk's scanner.
    await tab('enroll');
    expect(await kiosk.text('enroll-state')).toContain('не подключён к центру');
    const issued = await new HubAdmin(kiosk.kiosk.hub.repository()).createCode(DEMO_OFFICE_ID, 1, core.config.kiosk.id);
    const office = await kiosk.kiosk.hub.repository().findOffice(DEMO_OFFICE_ID);
    await kiosk.scanner().scan(formatEnrollmentQr({ ...issued, officeName: office?.name }), { suffix: 'CR' });
    await page.getByTestId('enroll-preview').waitFor({ timeout: 10_000 });
    expect(await kiosk.text('enroll-office')).toBe('МФЦ «Мои Документы», с. Берёзовка');
    await kiosk.screenshot('technician-enroll');
    await page.getByTestId('enroll-confirm').click();
    await eventually(
      async () => (await kiosk.text('enroll-state')).includes('подключён к центру: офис mfc-demo-01'),
      'enrolled',
      10_000,
    );
    expect(core.hub.link.enrolled).toBe(true);
    expect(await kiosk.text('enroll-message')).toBe(`Терминал подключён к центру: офис ${DEMO_OFFICE_ID}`);

    // «Обслуживание»: the logs and the diagnostic bundle to the stick, verified, then to the hub.
    await tab('service');
    expect(await kiosk.text('service-state')).toBe('Терминал обслуживает посетителей');
    await page.getByTestId('export-find').click();
    await page.getByTestId('export-usb').click();
    await eventually(
      async () => (await kiosk.text('export-message')).endsWith('Можно извлекать'),
      'the export',
      20_000,
    );
    const [folder] = await readdir(stick);
    expect((await readdir(path.join(stick, folder ?? ''))).sort()).toEqual([
      'SHA256SUMS',
      'diagnostic.json',
      'okno-logs.jsonl.gz',
    ]);
    await page.getByTestId('export-hub').click();
    await eventually(
      async () => (await kiosk.text('export-message')).startsWith('Журналы и сведения'),
      'sent to the hub',
      20_000,
    );
    const filed = await kiosk.kiosk.hub.commands().store.listForKiosk(core.config.kiosk.id);
    expect(filed[0]).toMatchObject({ kind: 'logs.upload', issuer: 'техник на месте: Петров И.', state: 'done' });
    expect((await kiosk.kiosk.hub.commands().store.findAttachment(filed[0]?.id ?? ''))?.mediaType).toBe(
      'application/gzip',
    );

    // Out of service, with who did it; the visitor meets «Терминал временно не работает» after «Выйти».
    await page.getByTestId('service-out').click();
    await eventually(
      async () => (await kiosk.text('service-state')).startsWith('Терминал выведен из работы'),
      'out of service',
    );
    expect(await kiosk.text('service-state')).toContain('техник Петров И.');
    await kiosk.screenshot('technician-service');
    await page.getByTestId('technician-exit').click();
    await page.getByTestId('screen-out-of-service').waitFor({ timeout: 10_000 });
    expect(await kiosk.text('screen-out-of-service')).toContain('Терминал временно не работает');

    // Back in service: the home screen returns.
    core.technician.open('Петров И.', 'qr');
    await tab('service');
    await page.getByTestId('service-in').click();
    await eventually(
      async () => (await kiosk.text('service-state')).startsWith('Терминал обслуживает посетителей'),
      'back in service',
    );
    await page.getByTestId('technician-exit').click();
    await page.getByTestId('screen-home').waitFor({ timeout: 10_000 });
    expect(core.fleet.serviceMode.view).toEqual({ inService: true });
  }, 120_000);
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueFile, fail, type KioskSetup, ok } from '../../../kiosk-config/src/index';
import { ContentStore } from '../content/content-store';
import { showRelease, tempDataDir, testRelease } from '../content/content-test-support';
import { ContentUpdater } from '../content/content-updater';
import { ReleaseCatalogue } from '../content/start-content';
import { paperOf } from '../printing/receipt-paper';
import { memoryLogger } from '../test-support';
import { presentContentCatalogue } from './content-catalogue';
import { TicketService } from './ticket-service';

/** The hub's catalogue: the demo one (fees, a booking-only service, round-the-clock hours). */
const known = CatalogueFile.parse(
  JSON.parse(readFileSync(path.join(__dirname, '../../../kiosk-config/defaults/demo-catalogue.json'), 'utf8')),
);
const hubService = (id: string) => {
  const service = known.services.find((s) => s.id === id);
  if (service === undefined) throw new Error(`no ${id} in the demo catalogue`);
  return service;
};

/** What a publisher writes: plainer names, another grouping, one service the hub lacks, other hours and prefix. */
const published = CatalogueFile.parse({
  categories: [
    { id: 'documents', name: 'Документы' },
    { id: 'land', name: 'Дом и земля' },
    { id: 'empty', name: 'Пусто' },
  ],
  hours: { mon: [{ from: '09:00', to: '12:00' }] },
  services: [
    {
      id: 'passport-rf',
      categoryId: 'documents',
      name: 'Паспорт: замена',
      summary: 'В 20 и 45 лет',
      prefix: 'Я',
      documents: ['Старый паспорт'],
    },
    { id: 'cadastral-registration', categoryId: 'land', name: 'Кадастр', prefix: 'Я' },
    { id: 'drone-licence', categoryId: 'documents', name: 'Лицензия на дрон', prefix: 'Я' },
  ],
});

describe('presentContentCatalogue', () => {
  it("shows the content's words over the hub's rules; services the hub lacks and empty categories are left out", () => {
    const presented = presentContentCatalogue(known, published);
    expect(presented?.unknownServices).toEqual(['drone-licence']);
    expect(presented?.hubRulesKept).toEqual(['passport-rf', 'cadastral-registration']);
    expect(presented?.catalogue.categories).toEqual([
      { id: 'documents', name: 'Документы' },
      { id: 'land', name: 'Дом и земля' },
    ]);
    expect(presented?.catalogue.hours).toEqual(known.hours);
    const passport = hubService('passport-rf');
    expect(presented?.catalogue.services).toEqual([
      {
        id: 'passport-rf',
        categoryId: 'documents',
        name: 'Паспорт: замена',
        summary: 'В 20 и 45 лет',
        documents: ['Старый паспорт'],
        prefix: passport.prefix,
        bookingRequired: false,
        typicalMinutes: passport.typicalMinutes,
        fee: passport.fee,
      },
      {
        id: 'cadastral-registration',
        categoryId: 'land',
        name: 'Кадастр',
        documents: [],
        prefix: 'А',
        bookingRequired: true,
        typicalMinutes: hubService('cadastral-registration').typicalMinutes,
      },
    ]);
    // Still a valid catalogue by its own schema.
    expect(CatalogueFile.safeParse(presented?.catalogue).success).toBe(true);
  });

  it('answers nothing when the hub knows none of the services', () => {
    const foreign = CatalogueFile.parse({
      categories: [{ id: 'x', name: 'X' }],
      services: [{ id: 'unknown', categoryId: 'x', name: 'Неизвестная', prefix: 'Я' }],
    });
    expect(presentContentCatalogue(known, foreign)).toBeUndefined();
  });
});

/** A ticket service over the demo catalogue as the hub's setup, showing `content()` over it. */
async function ticketsOver(content: () => CatalogueFile | undefined) {
  const { log, lines } = memoryLogger();
  const setup: KioskSetup = {
    office: { id: 'mfc-demo-01', name: 'МФЦ' },
    timeZone: 'Europe/Moscow',
    catalogue: known,
    offlineTag: 'К1',
    followBaseUrl: 'https://hub.example/',
    booking: { earlyMinutes: 15, lateMinutes: 10 },
  };
  const tickets = new TicketService({
    office: { id: 'mfc-demo-01', name: 'МФЦ' },
    timeZone: 'Europe/Moscow',
    catalogue: known,
    setup: () => setup,
    contentCatalogue: content,
    hub: {
      issueTicket: () => Promise.reject(new Error('not asked for a catalogue')),
      checkIn: () => Promise.reject(new Error('not asked for a catalogue')),
    },
    dataDir: await tempDataDir(),
    printer: () => null,
    outbox: { enqueue: () => Promise.reject(new Error('not asked for a catalogue')) },
    paper: paperOf(32, 'cp866'),
    footer: '',
    a4Printer: false,
    log,
    now: () => new Date('2026-12-07T08:00:00Z'),
  });
  return { tickets, lines, names: () => tickets.catalogue().services.map((s) => s.name) };
}

describe('tickets.catalogue from the current content release (real store)', () => {
  it('is the release’s as soon as the updater’s switch settles, and the hub’s again after a rollback', async () => {
    const store = await ContentStore.open({ dataDir: await tempDataDir() });
    const releaseCatalogue = new ReleaseCatalogue(store);
    const { names } = await ticketsOver(() => releaseCatalogue.current);
    const release = testRelease('rel-1', 1, [
      { path: 'catalogue.json', kind: 'catalogue', bytes: JSON.stringify(published) },
    ]);
    for (const bytes of release.blobs.values()) await store.putBlob(bytes);
    const updater = new ContentUpdater({
      store,
      source: {
        refresh: async () => ok(undefined),
        assignment: async () => ok({ releaseTarget: 'releases/rel-1.json', version: 1 }),
        manifest: async () => ok(structuredClone(release.manifest)),
      },
      fetcher: { download: async () => fail('unreachable', 'every blob is already stored') },
      idle: { isSessionIdle: () => true, onIdle: () => () => undefined },
      onState: () => {},
      // As startContent wires it: the catalogue is read before the switch is announced.
      onCurrentChanged: (manifest) => releaseCatalogue.load(manifest),
    });
    expect(await updater.check()).toBe('trial_started');
    expect(names()).toEqual(['Паспорт: замена', 'Кадастр']);
    expect(await updater.reportUnhealthy('rel-1', 'the home screen did not draw')).toBe(true);
    expect(names()).toEqual(known.services.map((s) => s.name));
    updater.dispose();
  });

  it('switches to the release’s catalogue and back with the content, logging what was left out once', async () => {
    const store = await ContentStore.open({ dataDir: await tempDataDir() });
    const releaseCatalogue = new ReleaseCatalogue(store);
    const { tickets, lines, names } = await ticketsOver(() => releaseCatalogue.current);
    expect(names()).toEqual(known.services.map((s) => s.name));

    const withCatalogue = testRelease('rel-1', 1, [
      { path: 'catalogue.json', kind: 'catalogue', bytes: JSON.stringify(published) },
    ]);
    await showRelease(store, withCatalogue);
    // Until the content switches (the updater's onCurrentChanged), the kiosk shows what it showed.
    expect(names()).toEqual(known.services.map((s) => s.name));
    await releaseCatalogue.load(await store.current());
    expect(names()).toEqual(['Паспорт: замена', 'Кадастр']);
    expect(tickets.catalogue().categories.map((c) => c.name)).toEqual(['Документы', 'Дом и земля']);
    expect(tickets.currentCatalogue().services[0]?.fee).toEqual(hubService('passport-rf').fee);
    // The cadastral service stays booking-only, as the hub runs it.
    expect(tickets.catalogue().services[1]?.availability).toEqual({ state: 'booking_only' });
    names();
    const leftOut = lines().filter((l) => l.msg === 'content catalogue: services the hub does not know are left out');
    expect(leftOut).toHaveLength(1);
    expect(leftOut[0]).toMatchObject({ serviceIds: ['drone-licence'] });

    const without = testRelease('rel-2', 2, [{ path: 'texts.json', bytes: '{"ru":{}}' }]);
    await showRelease(store, without);
    await releaseCatalogue.load(await store.current());
    expect(names()).toEqual(known.services.map((s) => s.name));
  });
});

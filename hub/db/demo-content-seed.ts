import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkContentFile } from '../../kiosk-config/src/content/check-content-file';
import type {
  AnnouncementsFile,
  AttractPlaylistFile,
  OfficeFile,
  TextsFile,
} from '../../kiosk-config/src/content/content-schemas';
import type { ContentFolderFile } from '../content/content-folder';
import { type ContentChannel, publishFiles } from '../content/content-publisher';
import type { KeyEncryptionSecret } from '../content/encrypted-key-file';
import { readKeyFile, type SigningKey, writeNewKeyFile } from '../content/signing-keys';
import { initRepository } from '../content/tuf-roles';
import { gradientPng, type Rgb } from './demo-png';
import { DEMO_OFFICES } from './demo-seed';

/** The two lines of log the seed may write. */
export interface DemoContentLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Options of `seedDemoContent`. */
export interface DemoContentOptions {
  /** The embedded hub's content channel (its repository, rows and online keys). */
  channel: ContentChannel;
  /**
   * Where the demo's root and publisher keys live: in the demo's data folder (0700), never in
   * the repository's sources. A real hub never holds these keys; the demo has nobody to bring them.
   */
  keysDir: string;
  /** What the demo's keys are encrypted with: the hub's own key secret (a demo's dev secret). */
  keySecret: KeyEncryptionSecret;
  /** The office the demo release is for (the demo kiosk's). */
  officeId: string;
  now: Date;
  log: DemoContentLog;
}

/** What the seed did. */
export type DemoContentOutcome =
  /** `initialisedNow`: the repository was created by this call (its first start). */
  | { action: 'published'; releaseId: string; initialisedNow: boolean }
  | { action: 'already_published' }
  | { action: 'skipped'; reason: string };

const ROOT_KEY = 'root.key';
const PUBLISHER_KEY = 'publisher.key';

/**
 * DEMO ONLY (`npm start`): makes the embedded hub's content channel run for real. At the first
 * start it creates a root and a publisher key in `keysDir`, initialises the TUF repository with
 * them and publishes one small release for the demo office (its details, three announcements,
 * screen texts, an attract loop of three calm gradient slides made in code). Idempotent: a
 * restart finds the repository and the office's release and does nothing. A repository that
 * someone initialised by hand (`content init`, other keys) is left alone.
 */
export async function seedDemoContent(options: DemoContentOptions): Promise<DemoContentOutcome> {
  const { channel, keysDir, keySecret, officeId, now, log } = options;
  if (
    (await channel.store.listReleases()).some((r) => r.audience.kind === 'office' && r.audience.officeId === officeId)
  ) {
    return { action: 'already_published' };
  }
  const rootFile = join(keysDir, ROOT_KEY);
  const publisherFile = join(keysDir, PUBLISHER_KEY);
  const initialisedNow = !channel.repo.isInitialised();
  if (!initialisedNow && !existsSync(publisherFile)) {
    const reason = 'the content repository was initialised with other keys';
    log.warn({ repository: channel.repo.dir }, `demo content not published: ${reason}`);
    return { action: 'skipped', reason };
  }
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const publisherKey = keyAt(publisherFile, keySecret);
  if (initialisedNow) {
    const rootKey = keyAt(rootFile, keySecret);
    await channel.writeLock.run(async () =>
      initRepository(channel.repo, {
        rootKeys: [rootKey],
        rootThreshold: 1,
        publisherKey,
        online: channel.online,
        now: now.getTime(),
      }),
    );
    log.info({ repository: channel.repo.dir }, 'demo content repository initialised');
  }
  const outcome = await publishFiles(channel, demoReleaseFiles(officeId), {
    audience: { kind: 'office', officeId },
    stagePercent: 100,
    publisherKey,
    now,
    actor: 'demo',
  });
  if (!outcome.ok) throw new Error(`the demo release was refused: ${outcome.problems.join('; ')}`);
  log.info({ releaseId: outcome.release.releaseId, officeId }, 'demo content release published');
  return { action: 'published', releaseId: outcome.release.releaseId, initialisedNow };
}

/** The key in `file`, made (0600, encrypted with `secret`) when it does not exist yet. */
function keyAt(file: string, secret: KeyEncryptionSecret): SigningKey {
  return existsSync(file) ? readKeyFile(file, [secret]) : writeNewKeyFile(file, secret);
}

/** Calm slide colours, top to bottom: dawn blue, meadow green, warm sand. */
const SLIDES: ReadonlyArray<readonly [Rgb, Rgb]> = [
  [
    [214, 230, 245],
    [120, 160, 205],
  ],
  [
    [225, 240, 220],
    [130, 180, 140],
  ],
  [
    [248, 236, 214],
    [214, 176, 128],
  ],
];

/**
 * The demo release's files, each checked as `content publish` checks a folder's (a failure here
 * is a bug in this file, so it throws).
 */
export function demoReleaseFiles(officeId: string): ContentFolderFile[] {
  const office = DEMO_OFFICES.find((o) => o.id === officeId);
  const weekday = [{ from: '08:00', to: '20:00' }];
  const officeFile: OfficeFile = {
    ...(office === undefined ? {} : { name: office.name }),
    address: office?.address ?? 'с. Берёзовка, ул. Центральная, д. 12',
    phone: '+7 800 100-70-10',
    hours: {
      mon: weekday,
      tue: weekday,
      wed: weekday,
      thu: weekday,
      fri: weekday,
      sat: [{ from: '09:00', to: '14:00' }],
    },
  };
  const announcements: AnnouncementsFile = [
    {
      id: 'passport-photo',
      title: 'Фото на паспорт — прямо в центре',
      body: 'Сфотографироваться на паспорт можно у окна № 1, с понедельника по пятницу. Своё фото приносить не нужно.',
    },
    {
      id: 'saturday-hours',
      title: 'По субботам работаем до 14:00',
      body: 'В субботу принимаем с 9:00 до 14:00. Воскресенье — выходной.',
    },
    {
      id: 'card-payments',
      title: 'Госпошлину можно оплатить картой',
      body: 'Оплатить пошлину можно здесь, в терминале, банковской картой. Чек терминал напечатает сам.',
    },
  ];
  const texts: TextsFile = {
    ru: {
      'home.title': 'Здравствуйте! Чем можем помочь?',
      'attract.touchToStart': 'Коснитесь экрана, чтобы начать',
    },
  };
  const playlist: AttractPlaylistFile = {
    items: SLIDES.map((_, i) => ({ path: `attract/${i + 1}.png`, seconds: 8 })),
  };
  const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));
  const files: ContentFolderFile[] = [
    { path: 'office.json', kind: 'office', bytes: json(officeFile) },
    { path: 'announcements.json', kind: 'announcements', bytes: json(announcements) },
    { path: 'texts.json', kind: 'texts', bytes: json(texts) },
    { path: 'attract-playlist.json', kind: 'attract-playlist', bytes: json(playlist) },
    ...SLIDES.map(([top, bottom], i) => ({
      path: `attract/${i + 1}.png`,
      kind: 'image' as const,
      bytes: gradientPng(1080, 1920, top, bottom),
    })),
  ];
  for (const file of files) {
    const checked = checkContentFile(file.kind, file.bytes);
    if (!checked.ok) throw new Error(`demo content ${file.path}: ${checked.error.message}`);
  }
  return files;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_SIZE_CAPS, checkContentFile } from './check-content-file';
import { sniffImage, sniffVideo } from './media-sniff';
import {
  jpegBytes,
  mp4Bytes,
  pngBytes,
  webmBytes,
  webpExtendedBytes,
  webpLosslessBytes,
  webpLossyBytes,
} from './media-test-support';
import { ContentKind } from './release-manifest';

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const problem = (result: ReturnType<typeof checkContentFile>) => (result.ok ? 'ok' : result.error.code);

describe('media sniffing', () => {
  it.each([
    ['PNG', pngBytes(1080, 1920), 'png'],
    ['baseline JPEG', jpegBytes(1080, 1920), 'jpeg'],
    ['progressive JPEG', jpegBytes(1080, 1920, 0xc2), 'jpeg'],
    ['lossy WebP', webpLossyBytes(1080, 1920), 'webp'],
    ['lossless WebP', webpLosslessBytes(1080, 1920), 'webp'],
    ['extended WebP', webpExtendedBytes(1080, 1920), 'webp'],
  ])('reads the format and dimensions of a %s', (_name, bytes, format) => {
    expect(sniffImage(bytes)).toEqual({ ok: true, value: { format, width: 1080, height: 1920 } });
  });

  it('skips fill bytes and restart markers before the JPEG frame header', () => {
    const plain = jpegBytes(640, 480);
    const padded = Uint8Array.from([
      ...plain.subarray(0, 2),
      0xff,
      0xd0,
      ...plain.subarray(2, 20),
      0xff,
      ...plain.subarray(20),
    ]);
    expect(sniffImage(padded)).toMatchObject({ ok: true, value: { width: 640, height: 480 } });
  });

  it('refuses a JPEG coded as lossless or arithmetic, and one whose scan comes before any frame', () => {
    expect(sniffImage(jpegBytes(10, 10, 0xc3))).toMatchObject({ ok: false });
    expect(sniffImage(jpegBytes(10, 10, 0xc9))).toMatchObject({ ok: false });
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]))).toMatchObject({ ok: false });
  });

  it('refuses truncated images at every length short of the dimensions', () => {
    for (const whole of [pngBytes(5, 5), jpegBytes(5, 5), webpLossyBytes(5, 5), webpExtendedBytes(5, 5)]) {
      for (let length = 0; length < 24; length += 1) {
        expect(sniffImage(whole.subarray(0, length)).ok).toBe(false);
      }
    }
  });

  it('recognises an MP4 by ftyp and moov, and a WebM by its EBML DocType and Segment', () => {
    expect(sniffVideo(mp4Bytes())).toEqual({ ok: true, value: 'mp4' });
    expect(sniffVideo(webmBytes())).toEqual({ ok: true, value: 'webm' });
  });

  it('refuses a truncated MP4, one without moov, a Matroska that is not WebM, and an image', () => {
    const mp4 = mp4Bytes();
    expect(sniffVideo(mp4.subarray(0, mp4.length - 1))).toMatchObject({ ok: false, reason: 'truncated MP4 box' });
    const withoutMoov = Uint8Array.from([...mp4.subarray(0, 32), ...mp4.subarray(32 + 116)]);
    expect(sniffVideo(withoutMoov)).toMatchObject({ ok: false, reason: 'MP4 without a moov box' });
    expect(sniffVideo(webmBytes('matroska'))).toMatchObject({ ok: false, reason: 'EBML file that is not WebM' });
    expect(sniffVideo(pngBytes(10, 10))).toMatchObject({ ok: false });
  });

  it('never throws on garbage, nor on garbage behind each real header', () => {
    const headers = [
      pngBytes(1, 1).subarray(0, 16),
      jpegBytes(1, 1).subarray(0, 4),
      webpLossyBytes(1, 1).subarray(0, 16),
      mp4Bytes().subarray(0, 8),
      webmBytes().subarray(0, 5),
    ];
    fc.assert(
      fc.property(fc.nat(headers.length), fc.uint8Array({ maxLength: 300 }), (which, tail) => {
        const head = headers[which] ?? new Uint8Array();
        const bytes = Uint8Array.from([...head, ...tail]);
        const image = sniffImage(bytes);
        const video = sniffVideo(bytes);
        expect(typeof image.ok).toBe('boolean');
        expect(typeof video.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('checkContentFile', () => {
  const catalogue = {
    categories: [{ id: 'passport', name: 'Паспорт' }],
    services: [{ id: 'p1', categoryId: 'passport', name: 'Замена паспорта', prefix: 'П' }],
  };

  it.each([
    ['catalogue', catalogue],
    ['texts', { ru: { 'home.title': 'Добро пожаловать' }, en: { 'home.title': 'Welcome' } }],
    ['announcements', [{ id: 'n-1', title: 'Новый график', body: 'С 1 января', until: '2027-01-31T00:00:00+03:00' }]],
    [
      'office',
      {
        address: 'с. Берёзовка, ул. Ленина, 1',
        phone: '+7 (3452) 00-00-00',
        hours: { mon: [{ from: '09:00', to: '18:00' }] },
      },
    ],
    ['ticket-branding', { logo: 'images/logo.png', footer: ['Спасибо!'] }],
    ['help', { pages: [{ title: 'Как взять талон', paragraphs: ['Нажмите «Взять талон».'] }] }],
    ['attract-playlist', { items: [{ path: 'attract/1.webp', seconds: 8 }] }],
  ] as const)('accepts a valid %s file and returns its parsed JSON', (kind, value) => {
    expect(checkContentFile(kind, json(value))).toMatchObject({ ok: true, value: { kind } });
  });

  it('accepts images within the caps and videos by container', () => {
    expect(checkContentFile('image', pngBytes(1920, 1080))).toEqual({
      ok: true,
      value: { kind: 'image', image: { format: 'png', width: 1920, height: 1080 } },
    });
    expect(checkContentFile('video', webmBytes())).toEqual({ ok: true, value: { kind: 'video', video: 'webm' } });
  });

  it.each([
    ['a file over its kind’s cap', 'office', new Uint8Array(CONTENT_SIZE_CAPS.office + 1), 'too_large'],
    ['an empty file', 'texts', new Uint8Array(), 'empty'],
    ['malformed JSON', 'help', new TextEncoder().encode('{"pages": ['), 'invalid_json'],
    ['invalid UTF-8', 'texts', Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 'invalid_json'],
    [
      'a schema-invalid catalogue (unknown category)',
      'catalogue',
      json({ ...catalogue, services: [{ ...catalogue.services[0], categoryId: 'x' }] }),
      'invalid_schema',
    ],
    ['an unknown field', 'office', json({ address: 'a', phone: '12345', hours: {}, fax: '1' }), 'invalid_schema'],
    [
      'a playlist naming a path with ..',
      'attract-playlist',
      json({ items: [{ path: '../etc/passwd', seconds: 5 }] }),
      'invalid_schema',
    ],
    [
      'a playlist naming an absolute path',
      'attract-playlist',
      json({ items: [{ path: '/etc/passwd', seconds: 5 }] }),
      'invalid_schema',
    ],
    [
      'announcements that end before they start',
      'announcements',
      json([{ id: 'a', title: 't', body: '', from: '2027-02-01T00:00:00Z', until: '2027-01-01T00:00:00Z' }]),
      'invalid_schema',
    ],
    ['a JPEG named as a video', 'video', jpegBytes(10, 10), 'unsupported_media'],
    ['a text named as an image', 'image', json({ a: 1 }), 'unsupported_media'],
    ['an image wider than 4096', 'image', webpExtendedBytes(5000, 100), 'image_dimensions'],
    ['an image of zero height', 'image', pngBytes(100, 0), 'image_dimensions'],
    ['deeply nested JSON', 'texts', new TextEncoder().encode('['.repeat(100_000)), 'invalid_json'],
  ] as const)('refuses %s', (_name, kind, bytes, code) => {
    expect(problem(checkContentFile(kind, bytes))).toBe(code);
  });

  it('never throws on garbage for any kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ContentKind.options), fc.uint8Array({ maxLength: 400 }), (kind, bytes) => {
        expect(typeof checkContentFile(kind, bytes).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON for any JSON kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'catalogue',
          'texts',
          'announcements',
          'office',
          'help',
          'attract-playlist',
          'ticket-branding' as const,
        ),
        fc.jsonValue(),
        (kind, value) => {
          expect(typeof checkContentFile(kind, json(value ?? null)).ok).toBe('boolean');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

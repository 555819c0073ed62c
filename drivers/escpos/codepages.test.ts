import { describe, expect, it } from 'vitest';
import {
  applyTypographicFallbacks,
  canEncode,
  decodeByte,
  decodeBytes,
  encodeText,
  RUSSIAN_LETTERS,
  type TextEncoding,
} from './codepages';

const encodings: TextEncoding[] = ['cp866', 'windows-1251'];
/** The WHATWG names of the same code pages, for checking our tables against the platform's. */
const whatwgName: Record<TextEncoding, string> = { cp866: 'ibm866', 'windows-1251': 'windows-1251' };

function bytesOf(text: string, encoding: TextEncoding): number[] {
  const result = encodeText(text, encoding);
  if (!result.ok) throw new Error(`unexpected unencodable ${result.error.characters.join('')}`);
  return Array.from(result.bytes);
}

describe('code page tables', () => {
  it('has all 66 Russian letters', () => {
    expect(Array.from(RUSSIAN_LETTERS)).toHaveLength(66);
    expect(new Set(RUSSIAN_LETTERS).size).toBe(66);
  });

  it.each(encodings)('%s round-trips every Russian letter, № and printable ASCII', (encoding) => {
    let ascii = '';
    for (let code = 0x20; code < 0x7f; code++) ascii += String.fromCharCode(code);
    const text = `${RUSSIAN_LETTERS}№${ascii}`;
    const encoded = encodeText(text, encoding);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(encoded.bytes).toHaveLength(Array.from(text).length);
    expect(decodeBytes(encoded.bytes, encoding)).toBe(text);
  });

  it('puts the letters at the bytes of CP866', () => {
    expect(bytesOf('АЯапряЁё№', 'cp866')).toEqual([0x80, 0x9f, 0xa0, 0xaf, 0xe0, 0xef, 0xf0, 0xf1, 0xfc]);
  });

  it('puts the letters at the bytes of Windows-1251', () => {
    expect(bytesOf('АЯаяЁё№', 'windows-1251')).toEqual([0xc0, 0xdf, 0xe0, 0xff, 0xa8, 0xb8, 0xb9]);
  });

  it.each(encodings)('%s agrees with the platform decoder on every printable byte', (encoding) => {
    const platform = new TextDecoder(whatwgName[encoding]);
    // Control bytes (and DEL) are never text; ICU's IBM866 also shuffles them.
    for (let byte = 0x20; byte < 0x100; byte++) {
      if (byte === 0x7f) continue;
      // Windows-1251 leaves 0x98 unassigned; WHATWG maps it to a C1 control, we to U+FFFD.
      if (encoding === 'windows-1251' && byte === 0x98) {
        expect(decodeByte(byte, encoding)).toBe('\uFFFD');
        continue;
      }
      expect(decodeByte(byte, encoding), `byte 0x${byte.toString(16)}`).toBe(platform.decode(Uint8Array.of(byte)));
    }
  });
});

describe('encodeText', () => {
  it('lists each unencodable character once, in order, instead of printing ?', () => {
    const result = encodeText('Привет ☺ 😀 ☺ ok', 'cp866');
    expect(result).toEqual({ ok: false, error: { code: 'unencodable_text', characters: ['☺', '😀'] } });
  });

  it('reports control characters: they would be printer commands', () => {
    const result = encodeText('a\u001b@b\n', 'windows-1251');
    expect(result).toEqual({ ok: false, error: { code: 'unencodable_text', characters: ['\u001b', '\n'] } });
  });

  it('prints «», dashes and … plainly where CP866 lacks them', () => {
    expect(applyTypographicFallbacks('МФЦ «Мои Документы» — с 8:00…', 'cp866')).toBe('МФЦ "Мои Документы" - с 8:00...');
    const result = encodeText('«Да»', 'cp866');
    expect(result.ok && decodeBytes(result.bytes, 'cp866')).toBe('"Да"');
  });

  it('keeps «» where Windows-1251 has them', () => {
    expect(canEncode('«', 'windows-1251')).toBe(true);
    expect(bytesOf('«»', 'windows-1251')).toEqual([0xab, 0xbb]);
  });

  it('reports typographic characters when fallbacks are off', () => {
    const result = encodeText('«Да»', 'cp866', { typographicFallbacks: false });
    expect(result).toEqual({ ok: false, error: { code: 'unencodable_text', characters: ['«', '»'] } });
  });
});

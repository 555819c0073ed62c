import { describe, expect, it } from 'vitest';
import { isAimIdentifierAt, leadingAimIdentifier, symbologyOfAim } from './aim';

describe('AIM identifiers', () => {
  it('names the symbology of the identifiers scanners send', () => {
    expect(symbologyOfAim(']Q1')).toBe('QR Code');
    expect(symbologyOfAim(']Q3')).toBe('GS1 QR Code');
    expect(symbologyOfAim(']E0')).toBe('EAN-13');
    expect(symbologyOfAim(']E4')).toBe('EAN-8');
    expect(symbologyOfAim(']C0')).toBe('Code 128');
    expect(symbologyOfAim(']C1')).toBe('GS1-128');
    expect(symbologyOfAim(']d2')).toBe('GS1 DataMatrix');
    expect(symbologyOfAim(']d1')).toBe('Data Matrix');
    expect(symbologyOfAim(']A0')).toBe('Code 39');
  });

  it('tells the case of the letter apart (]e0 is GS1 DataBar, ]E0 EAN-13)', () => {
    expect(symbologyOfAim(']e0')).toBe('GS1 DataBar');
    expect(symbologyOfAim(']D1')).toBeUndefined();
  });

  it('names nothing for what is not an identifier', () => {
    for (const text of ['', ']Q', 'Q1', ']QQ', ']Q12', '[Q1', ']11']) expect(symbologyOfAim(text)).toBeUndefined();
  });

  it('finds a leading identifier in text and in bytes', () => {
    expect(leadingAimIdentifier(']E04601234567893')).toBe(']E0');
    expect(leadingAimIdentifier('4601234567893')).toBeUndefined();
    const bytes = new TextEncoder().encode('xx]Q1abc');
    expect(isAimIdentifierAt(bytes, 2)).toBe(true);
    expect(isAimIdentifierAt(bytes, 0)).toBe(false);
    expect(isAimIdentifierAt(bytes, 6)).toBe(false);
  });
});

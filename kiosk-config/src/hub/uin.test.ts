import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidUin, normaliseUin, Uin, uinCheckDigit, uinProblem, withUinCheckDigit } from './uin';

/** The rule written out the long way, as a second opinion: explicit weight tables. */
function referenceCheckDigit(body: string): number {
  const first = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const second = [3, 4, 5, 6, 7, 8, 9, 10, 1, 2];
  const sum = (weights: number[]) =>
    [...body].reduce((total, digit, i) => total + Number(digit) * (weights[i % 10] as number), 0) % 11;
  const r1 = sum(first);
  if (r1 !== 10) return r1;
  const r2 = sum(second);
  return r2 === 10 ? 0 : r2;
}

describe('УИН check digit (Приказ Минфина 107н, modulus 11)', () => {
  it('computes the first pass: weights 1…10, then 1… again', () => {
    // 1·1+8·2+8·3+1·4+0·5+1·6+7·7+7·8+2·9+6·10 = 234; zeros; 1·5+2·6+3·7+4·8+5·9 = 115; 349 mod 11 = 8.
    expect(uinCheckDigit('1881017726000012345')).toBe(8);
    expect(isValidUin('18810177260000123458')).toBe(true);
  });

  it('repeats with weights 3…10, 1, 2 when the first remainder is 10', () => {
    // First pass: 234 + 2·9 = 252 ≡ 10. Second: 1·3+8·4+8·5+1·6+0·7+1·8+7·9+7·10+2·1+6·2 = 236,
    // + 2·1 (19th digit, weight 1 after 10) = 238 ≡ 7. Reading the shift as 3…12 would give 8.
    expect(uinCheckDigit('1881017726000000002')).toBe(7);
    expect(isValidUin('18810177260000000027')).toBe(true);
    expect(isValidUin('18810177260000000028')).toBe(false);
  });

  it('is 0 when the second pass gives 10 too', () => {
    expect(uinCheckDigit('1881017726000000016')).toBe(0);
    expect(isValidUin('18810177260000000160')).toBe(true);
  });

  it('takes 25-digit numbers', () => {
    const uin = withUinCheckDigit('032212000000000012345678');
    expect(uin).toHaveLength(25);
    expect(isValidUin(uin)).toBe(true);
  });

  it('normalises spaces and dashes, and says what is wrong', () => {
    expect(normaliseUin(' 1881 0177 2600-0012 3458 ')).toBe('18810177260000123458');
    expect(Uin.parse('1881 0177 2600 0012 3458')).toBe('18810177260000123458');
    expect(uinProblem('1881017726000012345A')).toBe('not_digits');
    expect(uinProblem('1881017726000012345')).toBe('wrong_length');
    expect(uinProblem('00000000000000000000')).toBe('all_zeros');
    expect(uinProblem('18810177260000123459')).toBe('check_digit');
    expect(Uin.safeParse('18810177260000123459').success).toBe(false);
    expect(() => uinCheckDigit('12a')).toThrow();
  });

  it('agrees with the long-hand rule on any body', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{19}$/), fc.stringMatching(/^\d{24}$/)), (body) => {
        expect(uinCheckDigit(body)).toBe(referenceCheckDigit(body));
        if (!/^0+$/.test(body)) expect(isValidUin(withUinCheckDigit(body))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every single-digit typo whose sums stay in the first pass', () => {
    const firstPass = (body: string) =>
      [...body].reduce((total, digit, i) => total + Number(digit) * ((i % 10) + 1), 0) % 11;
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{19}$/),
        fc.nat(19),
        fc.integer({ min: 1, max: 9 }),
        (body, position, delta) => {
          const uin = withUinCheckDigit(body);
          const typo = uin.slice(0, position) + ((Number(uin[position]) + delta) % 10) + uin.slice(position + 1);
          // A changed digit moves the first-pass sum by weight × delta, never a multiple of 11;
          // only a detour through the second pass can land on the same check digit.
          if (firstPass(body) === 10 || firstPass(typo.slice(0, -1)) === 10) return;
          expect(isValidUin(typo)).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

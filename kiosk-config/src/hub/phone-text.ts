/**
 * A call-back's number as people read it (`CallbackPhone`'s ten digits after +7), on the
 * visitor's keypad as it is typed and on the call centre's console page:
 * `9123456789` → `+7 912 345-67-89`; `912` → `+7 912`.
 */
export function formatPhone(digits: string): string {
  const groups = [digits.slice(3, 6), digits.slice(6, 8), digits.slice(8, 10)].filter(Boolean).join('-');
  return ['+7', digits.slice(0, 3), groups].filter(Boolean).join(' ');
}

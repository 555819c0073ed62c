/**
 * The lines of sb_pilot's result file `e` for an approved card payment, as
 * `kiosk-config/payment-profiles/sb-pilot.json` lays them out (lines 0-13: `<code>,<message>`,
 * then one field a line). `overrides` replaces lines by number. Shared by the pilot result parser's
 * tests and its fuzz target's seed (`bench/fuzz-targets.ts`).
 */
export function sbPilotResultLines(code = '0', message = 'ОДОБРЕНО', overrides: Record<number, string> = {}): string[] {
  const lines = [
    `${code},${message}`,
    '427638******1234',
    '12/29',
    '200007',
    '0007',
    'VISA',
    '0',
    '00012345',
    '20260314102205',
    '612345000007',
    '5EDC9C7C7ED76CB5880D2D7033CBEB6EEBA73DC3',
    '',
    '',
    '123456789012',
  ];
  for (const [at, value] of Object.entries(overrides)) lines[Number(at)] = value;
  return lines;
}

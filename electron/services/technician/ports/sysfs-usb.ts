/** Pure parsers of what `/sys` says about a USB device. */

/** A USB id as four lowercase hex digits, or null if `text` is not one (sysfs `idVendor`: `04b8\n`). */
export function usbIdOf(text: string): string | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^[0-9a-f]{1,4}$/.test(trimmed)) return null;
  return trimmed.padStart(4, '0');
}

/** `KEY=value` lines of a sysfs `uevent` file; other lines are skipped. */
export function parseUevent(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    if (!/^[A-Z0-9_]+$/.test(key)) continue;
    fields.set(key, line.slice(at + 1));
  }
  return fields;
}

/**
 * The vendor and product ids of a USB interface's `uevent` `PRODUCT=` field (`403/6001/600`:
 * hex without leading zeros, then the device's release), or null when it is not one.
 */
export function usbIdsOfProduct(value: string): { vendorId: string; productId: string } | null {
  const parts = value.trim().split('/');
  if (parts.length !== 3) return null;
  const vendorId = usbIdOf(parts[0] ?? '');
  const productId = usbIdOf(parts[1] ?? '');
  if (vendorId === null || productId === null || !/^[0-9a-fA-F]{1,4}$/.test(parts[2] ?? '')) return null;
  return { vendorId, productId };
}

/** A sysfs text attribute (`manufacturer`, `product`) made safe to show: printable, trimmed, at most 200 characters. */
export function sysfsText(text: string): string | undefined {
  const cleaned = text
    .replace(/[\p{Cc}]/gu, ' ')
    .trim()
    .slice(0, 200);
  return cleaned.length === 0 ? undefined : cleaned;
}

import { z } from 'zod';
import { type HidBackend, nodeHidBackend } from '../../../../drivers/transport/hid-transport';
import type { HidDeviceView } from '../../../../kiosk-config/src/index';
import { guessKind } from './known-usb-ids';
import { sysfsText } from './sysfs-usb';

/** A device as node-hid lists it: checked, since it comes from a native module and the device's own descriptors. */
const ListedHidDevice = z.object({
  path: z.string().max(500).optional(),
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  manufacturer: z.string().optional(),
  product: z.string().optional(),
  usagePage: z.number().int().min(0).max(0xffff).optional(),
  usage: z.number().int().min(0).max(0xffff).optional(),
});

/** The HID devices, or an empty list and why (node-hid cannot be loaded or cannot read hidraw). */
export interface HidDeviceList {
  devices: HidDeviceView[];
  problem?: string;
}

/** Lists HID devices with their usage page and usage, each with the likely kind; never throws. */
export async function listHidDevices(backend: Pick<HidBackend, 'devices'> = nodeHidBackend()): Promise<HidDeviceList> {
  let listed: unknown[];
  try {
    listed = await backend.devices();
  } catch (error) {
    return {
      devices: [],
      problem: `node-hid: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300),
    };
  }
  const devices: HidDeviceView[] = [];
  for (const entry of listed) {
    const parsed = ListedHidDevice.safeParse(entry);
    if (!parsed.success) continue;
    const device = parsed.data;
    const vendorId = hex4(device.vendorId);
    const manufacturer = sysfsText(device.manufacturer ?? '');
    const product = sysfsText(device.product ?? '');
    devices.push({
      ...(device.path === undefined ? {} : { path: device.path }),
      vendorId,
      productId: hex4(device.productId),
      ...(manufacturer === undefined ? {} : { manufacturer }),
      ...(product === undefined ? {} : { product }),
      ...(device.usagePage === undefined ? {} : { usagePage: device.usagePage }),
      ...(device.usage === undefined ? {} : { usage: device.usage }),
      guess: guessKind(vendorId, device.usagePage),
    });
  }
  return { devices: devices.slice(0, 256) };
}

function hex4(id: number): string {
  return id.toString(16).padStart(4, '0');
}

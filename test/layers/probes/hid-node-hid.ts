// at: drivers/hid/probe.ts
// rule: portable-imports-only-portable
// HID report decoding is pure; node-hid lives in drivers/transport.
import HID from 'node-hid';

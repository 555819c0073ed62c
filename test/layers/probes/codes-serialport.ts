// at: drivers/codes/probe.ts
// rule: portable-imports-only-portable
// Device packages stay out of the pure folders.
import { SerialPort } from 'serialport';

/** One code read by a scanner, decoded to text. */
export interface ScannedCode {
  text: string;
  /** AIM symbology identifier (e.g. `]Q1` for QR) when the scanner sends one. */
  symbology?: string;
  /**
   * The code's own bytes (prefix, AIM identifier and suffix removed) when they came over a byte
   * link (serial, HID). A payment QR declares its own charset inside (Windows-1251, KOI8-R), which
   * only the bytes can be read with; a keyboard-wedge scan has text only.
   */
  bytes?: Uint8Array;
}

/** A barcode/QR scanner as the services see it. */
export interface BarcodeScanner {
  readonly address: string;
  /** Subscribes to scanned codes; returns the unsubscribe function. */
  onScan(listener: (code: ScannedCode) => void): () => void;
  close(): Promise<void>;
}

/** One code read by a scanner, decoded to text. */
export interface ScannedCode {
  text: string;
  /** AIM symbology identifier (e.g. `]Q1` for QR) when the scanner sends one. */
  symbology?: string;
}

/** A barcode/QR scanner as the services see it. */
export interface BarcodeScanner {
  readonly address: string;
  /** Subscribes to scanned codes; returns the unsubscribe function. */
  onScan(listener: (code: ScannedCode) => void): () => void;
  close(): Promise<void>;
}

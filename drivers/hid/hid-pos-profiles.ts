/**
 * HID POS scanner models as data: where each field of the input report sits, and the vendor
 * switches a model needs before it sends scans to the HID POS interface.
 *
 * The layouts come from the USB "HID Point of Sale Usage Tables" 1.02 (usage page 0x8C, Scanned
 * Data Report) as vendors implement it; see `fixtures/README.md` for the byte map and sources.
 */

/** Where the fields of a scanned-data input report sit (offsets count the report id as byte 0). */
export interface HidPosLayout {
  /** The input report carrying scanned data (0x02 on every model we know). */
  reportId: number;
  /** The byte holding the number of data bytes in this report. */
  lengthOffset: number;
  /** The first of three bytes of the AIM symbology identifier (`]Q1`); null when the model sends none. */
  aimOffset: number | null;
  /** The first data byte. */
  dataOffset: number;
  /** The most data bytes one report carries. */
  maxDataLength: number;
  /** A vendor's own one-byte symbology id (Honeywell's Code ID), or null. */
  vendorSymbologyOffset: number | null;
  /** The byte whose bit 0 says "more data follows in the next report". */
  continuationOffset: number;
}

/** A HID POS scanner model: its report layout and the feature reports to send after opening. */
export interface HidPosProfile {
  id: HidPosProfileId;
  layout: HidPosLayout;
  /**
   * Feature reports (report id first) sent after opening, in order. A failure is reported and
   * does not stop the scanner: a model without the switch answers with an error and works anyway.
   */
  initFeatureReports: readonly (readonly number[])[];
}

/** The profiles the config may name (`devices.scanner.connection.profile`). */
export type HidPosProfileId = 'hid-pos' | 'honeywell' | 'newland';

/**
 * The layout of the HID POS Usage Tables' Scanned Data Report as Honeywell, Zebra, Datalogic and
 * Access-IS readers send it: 64 bytes; 0 report id 0x02; 1 data length (1–56); 2–4 AIM
 * identifier; 5–60 data; 61 vendor symbology id; 62 reserved; 63 bit 0 "decoded data continued".
 */
export const HID_POS_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthOffset: 1,
  aimOffset: 2,
  dataOffset: 5,
  maxDataLength: 56,
  vendorSymbologyOffset: 61,
  continuationOffset: 63,
};

/**
 * Newland's layout (NLS integration guides): no AIM field; 2–57 data; 62 Newland symbology id;
 * 63 bit 0 "decoded data continued".
 */
export const NEWLAND_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthOffset: 1,
  aimOffset: null,
  dataOffset: 2,
  maxDataLength: 56,
  vendorSymbologyOffset: 62,
  continuationOffset: 63,
};

/** Every known profile, by id. */
export const HID_POS_PROFILES: Readonly<Record<HidPosProfileId, HidPosProfile>> = {
  'hid-pos': { id: 'hid-pos', layout: HID_POS_LAYOUT, initFeatureReports: [] },
  honeywell: {
    id: 'honeywell',
    layout: HID_POS_LAYOUT,
    // Report 0xFE "redirect output" to interface 1: a Honeywell in a composite keyboard + HID POS
    // mode otherwise keeps typing the scans on its keyboard interface. A pure HID POS model
    // rejects it, which is harmless.
    initFeatureReports: [[0xfe, 0x01]],
  },
  newland: { id: 'newland', layout: NEWLAND_LAYOUT, initFeatureReports: [] },
};

/** Portable code shared by the main side, the renderer and the hub: contract, schemas. */
export * from './catalogue/catalogue';
export * from './config/kiosk-config';
export * from './config/printer-profile';
export * from './contract/bridge';
export * from './contract/devices';
export * from './contract/kiosk-api';
export type * from './contract/kiosk-api-client';
export * from './contract/kiosk-info';
export * from './contract/result';
export * from './contract/tickets';
export * from './contract/wire';
export * from './hub/application-number';
export * from './hub/hub-api';
export * from './hub/status-text';
export * from './receipt/payment-receipt';
export * from './receipt/receipt-document';

/**
 * The KioskApi's call and event names, and nothing else: what the preload needs to build one verb
 * per call. Kept apart from the zod contract (`kiosk-api.ts`) so the sandboxed preload bundle does
 * not carry zod and every schema to expose a list of names; the contract's keys are checked
 * against these lists at type level (`satisfies`) and by `kiosk-api-names.test.ts`.
 */

/** Every call of the contract, in the contract's order. */
export const callNames = [
  'kiosk.info',
  'session.activity',
  'session.end',
  'tickets.catalogue',
  'tickets.issue',
  'tickets.checkIn',
  'tickets.printDocuments',
  'status.lookup',
  'status.printSlip',
  'devices.status',
  'help.request',
  'help.callback',
  'payments.fees',
  'payments.resolveUin',
  'payments.start',
  'payments.cancel',
  'payments.state',
  'content.current',
  'content.healthy',
  'kiosk.serviceMode',
  'speech.say',
  'speech.stop',
  'speech.repeat',
  'speech.state',
  'technician.state',
  'technician.activity',
  'technician.exit',
  'technician.link.status',
  'technician.link.check',
  'technician.clock.setFromHub',
  'technician.service.status',
  'technician.service.set',
  'technician.export.volumes',
  'technician.export.toUsb',
  'technician.export.toHub',
  'technician.enroll.preview',
  'technician.enroll.confirm',
  'technician.ports.list',
  'technician.ports.try',
  'technician.ports.save',
  'technician.settings.form',
  'technician.settings.save',
  'technician.config.state',
  'technician.config.confirm',
  'technician.config.restart',
  'technician.access',
  'technician.signIn',
  'technician.devices',
  'technician.testPrint',
  'technician.testScan',
  'technician.terminalDiagnosis',
  'technician.closeDay',
  'technician.testDocumentReader',
  'rating.offer',
  'rating.submit',
  'kiosk.heartbeat',
] as const;

/** Every event of the contract, in the contract's order. */
export const eventNames = [
  'session.reset',
  'session.idleWarning',
  'devices.changed',
  'scanner.scanned',
  'document.presented',
  'payment.progress',
  'payment.finished',
  'content.changed',
  'kiosk.serviceModeChanged',
  'technician.changed',
  'speech.headphones',
] as const;

/** The name of a call. */
export type CallName = (typeof callNames)[number];
/** The name of an event. */
export type EventName = (typeof eventNames)[number];

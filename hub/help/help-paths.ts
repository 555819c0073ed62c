/** The call centre every call-back of the hub goes to: the office seeded as `000` (`hub/db/demo-seed.ts`). */
export const CALL_CENTRE_OFFICE_ID = '000';

/** The console path of an office's help requests. */
export function helpRequestsPath(officeId: string): string {
  return `/console/offices/${encodeURIComponent(officeId)}/help`;
}

/** The console path of the call centre's call-backs. */
export const CALLBACKS_PATH = '/console/call-centre';

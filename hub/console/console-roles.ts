/**
 * Who may see and do what in the web console. Every page and action asks here, on the server:
 * hiding a link is never the protection.
 */

/** A console user's role. */
export type ConsoleRole = 'regional_admin' | 'office_head' | 'technician';

export const CONSOLE_ROLES: readonly ConsoleRole[] = ['regional_admin', 'office_head', 'technician'];

/** The signed-in user as the pages see them. */
export interface ConsoleUser {
  login: string;
  role: ConsoleRole;
  /** An office head's office; a technician's when bound to one; none: every office. */
  officeId?: string;
}

/** What a page or action needs. */
export type ConsoleCapability =
  | 'fleet'
  | 'acknowledge_alerts'
  | 'issue_commands'
  | 'content'
  | 'queue'
  | 'payments'
  | 'audit'
  /** Technician QR tokens: a pass into any kiosk's technician mode, so the region's admins only. */
  | 'issue_technician_tokens';

const CAPABILITIES: Readonly<Record<ConsoleRole, ReadonlySet<ConsoleCapability>>> = {
  regional_admin: new Set([
    'fleet',
    'acknowledge_alerts',
    'issue_commands',
    'content',
    'queue',
    'payments',
    'audit',
    'issue_technician_tokens',
  ]),
  // An office head runs the office: its queue and money; device commands stay with technicians.
  office_head: new Set(['fleet', 'acknowledge_alerts', 'content', 'queue', 'payments']),
  // Devices and commands; never payments.
  technician: new Set(['fleet', 'acknowledge_alerts', 'issue_commands', 'content', 'queue']),
};

/** Whether the user's role allows it. */
export function can(user: ConsoleUser, capability: ConsoleCapability): boolean {
  return CAPABILITIES[user.role].has(capability);
}

/** Whether the user may see anything of this office. */
export function seesOffice(user: ConsoleUser, officeId: string): boolean {
  if (user.role === 'regional_admin') return true;
  return user.officeId === undefined ? user.role === 'technician' : user.officeId === officeId;
}

/** Russian name of a role. */
export function roleNameRu(role: ConsoleRole): string {
  switch (role) {
    case 'regional_admin':
      return 'администратор региона';
    case 'office_head':
      return 'руководитель офиса';
    case 'technician':
      return 'техник';
  }
}

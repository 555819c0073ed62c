import { describe, expect, it } from 'vitest';
import { type ConsoleUser, can, seesOffice } from './console-roles';

const admin: ConsoleUser = { login: 'a', role: 'regional_admin' };
const head: ConsoleUser = { login: 'h', role: 'office_head', officeId: 'o1' };
const centreTech: ConsoleUser = { login: 't', role: 'technician' };
const officeTech: ConsoleUser = { login: 't2', role: 'technician', officeId: 'o2' };

describe('console roles', () => {
  it('lets a regional admin see every office and do everything', () => {
    expect(seesOffice(admin, 'o1') && seesOffice(admin, 'o9')).toBe(true);
    expect(can(admin, 'payments') && can(admin, 'issue_commands')).toBe(true);
  });

  it('keeps an office head to their office, with payments but without commands', () => {
    expect(seesOffice(head, 'o1')).toBe(true);
    expect(seesOffice(head, 'o2')).toBe(false);
    expect(can(head, 'payments')).toBe(true);
    expect(can(head, 'issue_commands')).toBe(false);
  });

  it('gives technicians devices and commands, never payments; an office-bound one sees only that office', () => {
    expect(can(centreTech, 'payments') || can(officeTech, 'payments')).toBe(false);
    expect(can(centreTech, 'issue_commands') && can(centreTech, 'fleet')).toBe(true);
    expect(seesOffice(centreTech, 'o1')).toBe(true);
    expect(seesOffice(officeTech, 'o2')).toBe(true);
    expect(seesOffice(officeTech, 'o1')).toBe(false);
  });

  it('does not let an office head without an office see any office', () => {
    expect(seesOffice({ login: 'x', role: 'office_head' }, 'o1')).toBe(false);
  });
});

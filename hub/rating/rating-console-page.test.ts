import { describe, expect, it } from 'vitest';
import { ratingsPage } from './rating-console-page';

describe('the console ratings page', () => {
  it('shows each group’s average and the office’s over all groups, weighted by their counts', () => {
    const html = ratingsPage(
      {
        user: { login: 'head', role: 'office_head', officeId: 'mfc-1' },
        csrfToken: 'token',
        sections: { payments: true, ratings: true, technician: true, help: true },
      },
      {
        officeName: 'МФЦ',
        fromDay: '2026-11-01',
        toDay: '2026-11-30',
        groups: [
          { serviceId: 'passport', window: '1', count: 3, scoreSum: 13, reasons: { staff: { low: 0, high: 2 } } },
          { serviceId: 'pension', window: '2', count: 1, scoreSum: 2, reasons: {} },
        ],
        serviceName: (id) => id,
      },
    );
    expect(html).toContain('оценок: 4, средняя 3,8');
    expect(html).toContain('4,3');
    expect(html).toContain('2,0');
  });
});

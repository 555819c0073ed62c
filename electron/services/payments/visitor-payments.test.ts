import { describe, expect, it } from 'vitest';
import type { PaymentReceiptFace } from '../../../kiosk-config/src/index';
import { endOf } from './visitor-payments';

const receipt: PaymentReceiptFace = {
  officeName: 'МФЦ',
  items: [{ name: 'Госпошлина: Замена паспорта', amount: '1 500,00 руб.' }],
  total: '1 500,00 руб.',
  card: '**** 4242',
  authCode: 'A00001',
  rrn: '000000000001',
  paidAt: '23.11.2026 10:00',
  purpose: 'Госпошлина за выдачу паспорта',
  reference: '5D0C8F52',
};

describe('endOf: how a payment ended, as the visitor is told', () => {
  it('paid: approved, with the receipt’s face and the linked ticket; printed only when on paper for sure', () => {
    expect(endOf({ outcome: 'paid', paymentId: 'p', printed: 'yes', receipt }, 150_000, 'Б-007')).toEqual({
      outcome: 'approved',
      receipt: {
        printed: true,
        amountMinor: 150_000,
        purpose: 'Госпошлина за выдачу паспорта',
        rrn: '000000000001',
        authCode: 'A00001',
        maskedPan: '**** 4242',
        paidAt: '23.11.2026 10:00',
        reference: '5D0C8F52',
      },
      ticketNumber: 'Б-007',
    });
    for (const printed of ['no', 'uncertain'] as const) {
      const end = endOf({ outcome: 'paid', paymentId: 'p', printed, receipt }, 150_000);
      expect(end).toMatchObject({ outcome: 'approved', receipt: { printed: false } });
      expect(end).not.toHaveProperty('ticketNumber');
    }
  });

  it('maps every other outcome to what the screen says', () => {
    expect(endOf({ outcome: 'declined', paymentId: 'p' }, 1)).toEqual({ outcome: 'declined' });
    expect(endOf({ outcome: 'cancelled', paymentId: 'p' }, 1)).toEqual({ outcome: 'cancelled' });
    expect(endOf({ outcome: 'not_charged', paymentId: 'p', reason: 'not_completed' }, 1)).toEqual({
      outcome: 'timeout',
    });
    expect(endOf({ outcome: 'not_charged', paymentId: 'p', reason: 'undelivered' }, 1)).toEqual({
      outcome: 'reversed',
    });
    expect(endOf({ outcome: 'not_charged', paymentId: 'p', reason: 'terminal_unavailable' }, 1)).toEqual({
      outcome: 'failed',
      needsAttention: false,
    });
    expect(endOf({ outcome: 'uncertain', paymentId: 'p' }, 1)).toEqual({ outcome: 'failed', needsAttention: true });
    expect(endOf({ outcome: 'needs_staff', paymentId: 'p' }, 1)).toEqual({ outcome: 'failed', needsAttention: true });
    expect(endOf({ outcome: 'refused', reason: 'terminal_unavailable' }, 1)).toEqual({
      outcome: 'failed',
      needsAttention: false,
    });
  });
});

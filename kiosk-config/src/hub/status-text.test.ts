import { describe, expect, it } from 'vitest';
import { ApplicationStatus, type ApplicationStatusView } from './hub-api';
import { describeApplicationStatus, formatRuDate } from './status-text';

const base: ApplicationStatusView = {
  status: 'ready_for_pickup',
  serviceName: 'Замена паспорта',
  office: { id: 'mfc-demo-01', name: 'МФЦ с. Берёзовка' },
  window: '2',
  filedOn: '2026-11-01',
  storageUntil: '2026-12-15',
};

describe('describeApplicationStatus', () => {
  it('says where, with what and until when documents are collected', () => {
    expect(describeApplicationStatus(base, { hereOfficeId: 'mfc-demo-01' })).toEqual({
      headline: 'Документы готовы',
      nextStep: 'Подойдите в окно 2 с паспортом до 15.12.2026.',
    });
  });

  it('sends the visitor to the other office by name and address when it is not this one', () => {
    const text = describeApplicationStatus(
      { ...base, office: { id: 'mfc-2', name: 'МФЦ г. Сосновка', address: 'ул. Ленина, 1' } },
      { hereOfficeId: 'mfc-demo-01' },
    );
    expect(text.nextStep).toBe('Подойдите в МФЦ г. Сосновка (ул. Ленина, 1) с паспортом до 15.12.2026.');
  });

  it('does not name the settlement twice when the address starts with what the name says', () => {
    const where = (name: string, address: string) =>
      describeApplicationStatus(
        { ...base, status: 'refused', office: { id: 'mfc-3', name, address } },
        { hereOfficeId: 'mfc-demo-01' },
      ).nextStep;
    // The demo hub's office (hub/db/demo-seed.ts).
    expect(where('МФЦ «Мои Документы», пгт Сосновка', 'пгт Сосновка, ул. Лесная, д. 1')).toBe(
      'Чтобы получить решение и узнать причину, подойдите в МФЦ «Мои Документы», пгт Сосновка (ул. Лесная, д. 1) с паспортом.',
    );
    // The name without a comma; spaces and case differ.
    expect(where('МФЦ пгт Сосновка', 'ПГТ  Сосновка, ул. Лесная, 1')).toContain('в МФЦ пгт Сосновка (ул. Лесная, 1) с');
    // The whole address is in the name: no brackets at all.
    expect(where('МФЦ «Мои Документы», пгт Сосновка', 'пгт Сосновка')).toContain(
      'в МФЦ «Мои Документы», пгт Сосновка с',
    );
    // Only whole parts: «Сосновка» is not «Сосновкаево», and a part in the middle is kept.
    expect(where('МФЦ с. Сосновка', 'с. Сосновкаево, ул. Лесная, 1')).toContain('(с. Сосновкаево, ул. Лесная, 1)');
    expect(where('МФЦ г. Заречный', 'Тверская обл., г. Заречный, пр. Мира, 5')).toContain(
      '(Тверская обл., г. Заречный, пр. Мира, 5)',
    );
  });

  it('falls back to a member of staff without a window, and gives the expected date while in progress', () => {
    const { window: _window, storageUntil: _until, ...plain } = base;
    expect(describeApplicationStatus(plain).nextStep).toBe('Подойдите к сотруднику центра с паспортом.');
    expect(describeApplicationStatus({ ...plain, status: 'in_progress', expectedOn: '2026-12-01' }).nextStep).toBe(
      'Документы будут готовы ориентировочно 01.12.2026. Приходить пока не нужно.',
    );
  });

  it('has a headline and a full sentence for every status, with no codes or ISO dates', () => {
    for (const status of ApplicationStatus.options) {
      const text = describeApplicationStatus({ ...base, status, expectedOn: '2026-12-01' });
      expect(text.headline.length, status).toBeGreaterThan(5);
      expect(text.headline).not.toMatch(/[._]$/);
      expect(text.nextStep, status).toMatch(/^[А-ЯЁ].*\.$/u);
      expect(`${text.headline} ${text.nextStep}`, status).not.toMatch(/\d{4}-\d{2}|_|[a-z]{3,}/);
    }
  });

  it('writes dates the Russian way', () => {
    expect(formatRuDate('2026-12-05')).toBe('05.12.2026');
    expect(formatRuDate('не дата')).toBe('не дата');
  });
});

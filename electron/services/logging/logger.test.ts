import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support';

describe('logger', () => {
  it('redacts what a visitor typed or scanned wherever a service passes it by mistake', () => {
    const memory = memoryLogger();
    memory.log.info({ input: { number: 'КУВД-001/2021-3670443' }, call: 'x' }, 'a call');
    memory.log.warn({ scan: { text: '18810177200001234567' } }, 'a scan');
    memory.log.info({ pin: '1234', token: 'tok-7f3a9' }, 'secrets');
    const text = memory.text();
    expect(text).not.toContain('3670443');
    expect(text).not.toContain('18810177200001234567');
    expect(text).not.toContain('1234');
    expect(text).not.toContain('tok-7f3a9');
    expect(memory.lines()[0]).toMatchObject({ call: 'x', input: '[redacted]' });
  });
});

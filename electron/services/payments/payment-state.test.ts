import { describe, expect, it } from 'vitest';
import { PaymentState } from '../../../kiosk-config/src/hub/payments-api';
import {
  assertTransition,
  canTransition,
  dependsOnLastTransaction,
  FINAL_STATES,
  IllegalPaymentTransition,
  isFinal,
  isUnsettled,
  PAYMENT_TRANSITIONS,
  stateRank,
} from './payment-state';

const states = PaymentState.options;
const pairs = states.flatMap((from) => states.map((to) => [from, to] as const));

describe('the payment state machine', () => {
  it('has a row for every state', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...states].sort());
  });

  it.each(pairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
    const allowed = PAYMENT_TRANSITIONS[from].includes(to);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(IllegalPaymentTransition);
  });

  it('never goes back: every transition goes to a higher rank (the hub relies on it)', () => {
    for (const [from, targets] of Object.entries(PAYMENT_TRANSITIONS) as [PaymentState, PaymentState[]][]) {
      for (const to of targets) expect(stateRank(to), `${from} → ${to}`).toBeGreaterThan(stateRank(from));
    }
  });

  it('has the final states the docs name, and every state reaches one', () => {
    expect([...FINAL_STATES].sort()).toEqual(['cancelled', 'committed', 'declined', 'resolved', 'reversed']);
    const reachesFinal = (state: PaymentState, seen = new Set<PaymentState>()): boolean => {
      if (isFinal(state)) return true;
      seen.add(state);
      return PAYMENT_TRANSITIONS[state].some((next) => !seen.has(next) && reachesFinal(next, seen));
    };
    for (const state of states) expect(reachesFinal(state), state).toBe(true);
  });

  it('lets no state that may hold money end as «nothing charged» without a terminal answer path', () => {
    // Once approved, the only ways out are delivery (commit) or reversal, each through a state
    // written before the terminal is asked.
    expect(PAYMENT_TRANSITIONS.authorised).not.toContain('cancelled');
    expect(PAYMENT_TRANSITIONS.delivering).not.toContain('cancelled');
    expect(PAYMENT_TRANSITIONS.delivered).not.toContain('reversed');
    expect(PAYMENT_TRANSITIONS.reversing).toContain('reversed');
  });

  it('classifies states for recovery', () => {
    expect(states.filter(isUnsettled).sort()).toEqual(
      ['authorised', 'authorising', 'created', 'delivered', 'delivering', 'reversing', 'unknown'].sort(),
    );
    expect(states.filter(dependsOnLastTransaction)).toEqual(['authorising', 'unknown']);
  });

  it('names both states in the error', () => {
    expect(() => assertTransition('committed', 'reversing')).toThrow(
      'illegal payment transition committed → reversing',
    );
  });
});

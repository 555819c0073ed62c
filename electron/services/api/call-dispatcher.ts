import type { z } from 'zod';
import {
  type CallName,
  type CallOutput,
  callResultSchemas,
  fail,
  isCallName,
  kioskCalls,
  type Result,
} from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { describeIssues } from './issues';

/** The services' side of each call: parsed input in, a Result out. */
export type CallHandlers = {
  [K in CallName]: (input: z.output<(typeof kioskCalls)[K]['input']>) => Promise<Result<CallOutput<K>>>;
};

/** Dispatches one untrusted call: the single entry for IPC and the WebSocket host alike. */
export type CallDispatcher = (name: unknown, input: unknown) => Promise<Result<unknown>>;

/**
 * Builds the dispatcher that guards every call from the UI.
 *
 * It checks the call name and the input against the contract, runs the handler, and checks the
 * output too (a service bug must not send the UI something it cannot read). It never throws:
 * faults become typed results and log lines without the payload's values.
 */
export function createCallDispatcher(handlers: CallHandlers, log: Logger): CallDispatcher {
  return async (name, input) => {
    if (!isCallName(name)) {
      log.warn({ call: describeName(name) }, 'unknown call refused');
      return fail('unknown_call', `unknown call ${describeName(name)}`);
    }
    const parsed = kioskCalls[name].input.safeParse(input);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      log.warn({ call: name, issues }, 'call with invalid input refused');
      return fail('bad_request', `invalid input for ${name}: ${issues}`);
    }
    let result: unknown;
    try {
      const handler = handlers[name] as (input: unknown) => Promise<Result<unknown>>;
      result = await handler(parsed.data);
    } catch (error) {
      log.error({ call: name, err: error }, 'call handler threw');
      return fail('internal', 'the kiosk could not complete the request');
    }
    const checked = callResultSchemas[name].safeParse(result);
    if (!checked.success) {
      log.error({ call: name, issues: describeIssues(checked.error) }, 'call handler answered outside the contract');
      return fail('internal', 'the kiosk could not complete the request');
    }
    return checked.data as Result<unknown>;
  };
}

/** A printable, bounded description of an untrusted call name. */
function describeName(name: unknown): string {
  if (typeof name !== 'string') return `(${typeof name})`;
  const printable = name.replace(/[^\w.:-]/g, '?').slice(0, 64);
  return `"${printable}"`;
}

import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import {
  COMMAND_ACK_OUTBOX_KIND,
  CommandAck,
  type CommandAck as CommandAckType,
} from '../../../kiosk-config/src/hub/remote-commands';
import { type CommandService, storeTechnicianBundle } from '../../fleet/commands/command-service';
import { sendHubError } from '../hub-errors';
import type { AuthenticatedKiosk, KioskAuth } from '../kiosk-auth';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

const ATTACHMENT_REFUSALS = {
  not_found: 'no such command of this kiosk',
  not_expected: 'this command brings no file back',
  bad_hash: 'the sha256 does not match the data',
  too_large: 'the file is larger than an attachment may be',
} as const;

/**
 * The kiosk's side of remote commands: `GET /v1/kiosk/commands` (its open commands; handing one
 * out marks it delivered, past its time-to-live expired) and `POST /v1/kiosk/commands/attachment`
 * (a command's file, before its acknowledgement, which comes through the outbox).
 */
export function registerCommandRoutes(app: HubFastify, auth: KioskAuth, commands: CommandService): void {
  registerEndpoint(app, hubEndpoints.kioskCommands, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    return reply.send({ commands: await commands.openFor(kiosk.id), serverTime: new Date().toISOString() });
  });
  registerEndpoint(app, hubEndpoints.commandAttachment, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const outcome = await commands.storeAttachment(kiosk.id, request.body);
    if (!outcome.ok) {
      request.log.warn(
        { kioskId: kiosk.id, commandId: request.body.commandId, code: outcome.code },
        'command attachment refused',
      );
      const code = outcome.code === 'not_found' ? 'not_found' : 'bad_request';
      return sendHubError(reply, { code, message: ATTACHMENT_REFUSALS[outcome.code] });
    }
    return reply.send({ stored: outcome.stored });
  });
  registerEndpoint(app, hubEndpoints.technicianBundle, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const outcome = await storeTechnicianBundle(commands.store, kiosk.id, request.body, new Date());
    if (!outcome.ok) {
      request.log.warn({ kioskId: kiosk.id, code: outcome.code }, 'technician bundle refused');
      return sendHubError(reply, { code: 'bad_request', message: ATTACHMENT_REFUSALS[outcome.code] });
    }
    request.log.info({ kioskId: kiosk.id, stored: outcome.stored }, 'technician bundle received');
    return reply.send({ stored: outcome.stored });
  });
}

/** The outbox route's hook: acknowledgements among a kiosk's newly stored items go to the command service. */
export function commandAckRecorder(commands: CommandService) {
  return async (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], receivedAt: string): Promise<void> => {
    const acks: CommandAckType[] = [];
    for (const item of items) {
      if (item.kind !== COMMAND_ACK_OUTBOX_KIND) continue;
      // Already checked by the outbox route against the same schema; parsed again for its type.
      const parsed = CommandAck.safeParse(item.payload);
      if (parsed.success) acks.push(parsed.data);
    }
    if (acks.length > 0) await commands.recordAcks(kiosk.id, acks, receivedAt);
  };
}

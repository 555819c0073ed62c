import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatPhone } from '../../kiosk-config/src/hub/phone-text';
import { consolePage, csrfField, esc, officeTimeText, type PageFrame, wideTable } from '../console/console-html';
import type { ConsoleCapability, ConsoleUser } from '../console/console-roles';
import { seesOffice } from '../console/console-roles';
import type { LiveSession } from '../console/console-sessions';
import type { OfficeRecord } from '../db/hub-repository';
import { CALLBACKS_PATH, helpRequestsPath } from './help-paths';
import { screenNameRu } from './help-screen-names';
import type { HelpService } from './help-service';
import type { CallbackRecord, HelpRequestRecord } from './help-store';

/** What the help pages borrow from the console's routes (`registerConsoleRoutes`): its guards and replies. */
export interface ConsolePageTools {
  pageFrame(
    request: FastifyRequest,
    reply: FastifyReply,
    capability: ConsoleCapability,
  ): Promise<PageFrame | undefined>;
  guardPost<T extends z.ZodType<{ _csrf: string }>>(
    request: FastifyRequest,
    reply: FastifyReply,
    form: T,
    capability?: ConsoleCapability,
  ): Promise<LiveSession | undefined>;
  audit(request: FastifyRequest, actor: string, action: string, subject: string, detail?: object): Promise<void>;
  visibleOffice(user: ConsoleUser, params: unknown): Promise<OfficeRecord | undefined>;
  html(reply: FastifyReply, body: string): FastifyReply;
  notFound(reply: FastifyReply): FastifyReply;
  /** The hub's time zone, for an office that names none. */
  timeZone: string;
}

const RequestForm = z.object({ _csrf: z.string().max(100), requestId: z.string().uuid() });

/**
 * The console's two help pages, under `/console` (the caller's scope): an office's help
 * requests (the kiosk, the screen, the time; «Подошёл» marks one answered) for those who see
 * the office's queue, and the call centre's call-backs (with the number to call; «Позвонили»
 * erases it) for those who see the call centre's office. Both pages are live (refreshed every
 * few seconds by the console's script).
 */
export function registerHelpConsolePages(scope: FastifyInstance, help: HelpService, tools: ConsolePageTools): void {
  scope.get('/offices/:officeId/help', async (request, reply) => {
    const frame = await tools.pageFrame(request, reply, 'queue');
    if (!frame) return reply;
    const office = await tools.visibleOffice(frame.user, request.params);
    if (!office) return tools.notFound(reply);
    const requests = await help.openRequests(office.id);
    return tools.html(
      reply,
      helpRequestsPage({ ...frame, live: true }, office, requests, office.timeZone ?? tools.timeZone),
    );
  });

  scope.post('/offices/:officeId/help/answered', async (request, reply) => {
    const session = await tools.guardPost(request, reply, RequestForm, 'queue');
    if (!session) return reply;
    const office = await tools.visibleOffice(session.user, request.params);
    if (!office) return tools.notFound(reply);
    const { requestId } = RequestForm.parse(request.body);
    const answered = await help.markAnswered(office.id, requestId, session.user.login);
    await tools.audit(request, session.user.login, 'help_answered', office.id, { requestId, ok: answered });
    return reply.redirect(helpRequestsPath(office.id), 303);
  });

  scope.get('/call-centre', async (request, reply) => {
    const frame = await tools.pageFrame(request, reply, 'queue');
    if (!frame) return reply;
    const centre = await tools.visibleOffice(frame.user, { officeId: help.centreId });
    if (!centre) return tools.notFound(reply);
    const callbacks = await help.openCallbacks();
    return tools.html(
      reply,
      callbacksPage({ ...frame, live: true }, centre, callbacks, centre.timeZone ?? tools.timeZone),
    );
  });

  scope.post('/call-centre/called', async (request, reply) => {
    const session = await tools.guardPost(request, reply, RequestForm, 'queue');
    if (!session) return reply;
    if (!seesOffice(session.user, help.centreId)) return tools.notFound(reply);
    const { requestId } = RequestForm.parse(request.body);
    const called = await help.markCalled(requestId, session.user.login);
    // The audit names the call-back, never its number.
    await tools.audit(request, session.user.login, 'callback_made', help.centreId, { requestId, ok: called });
    return reply.redirect(CALLBACKS_PATH, 303);
  });
}

function helpRequestsPage(frame: PageFrame, office: OfficeRecord, requests: HelpRequestRecord[], timeZone: string) {
  const rows = requests.map((r) => [
    esc(officeTimeText(r.raisedAt, timeZone)),
    esc(r.kioskId),
    esc(screenNameRu(r.screen)),
    actionForm(`${helpRequestsPath(office.id)}/answered`, frame.csrfToken, r.requestId, 'Подошёл', 'help-answered'),
  ]);
  const body = [
    `<p class="muted">${esc(office.name)}. Посетителю на экране терминала сказано «Сотрудник подойдёт».</p>`,
    `<div class="card figures"><div>Ждут помощи<b data-testid="help-waiting">${requests.length}</b></div></div>`,
    wideTable(['Позвали', 'Терминал', 'Экран'], rows, 'Никто не ждёт помощи.'),
  ].join('');
  return consolePage('Помощь у терминалов', frame, body);
}

function callbacksPage(frame: PageFrame, centre: OfficeRecord, callbacks: CallbackRecord[], timeZone: string) {
  const rows = callbacks.map((c) => [
    esc(officeTimeText(c.requestedAt, timeZone)),
    `<b>${esc(formatPhone(c.phone))}</b>`,
    `${esc(c.officeId)}<br><span class="muted">${esc(c.kioskId)}</span>`,
    esc(screenNameRu(c.screen)),
    actionForm(`${CALLBACKS_PATH}/called`, frame.csrfToken, c.requestId, 'Позвонили', 'callback-called'),
  ]);
  const body = [
    `<p class="muted">${esc(centre.name)}. Номер виден, пока звонок не сделан: «Позвонили» стирает его; несделанные звонки стираются через сутки.</p>`,
    `<div class="card figures"><div>Ждут звонка<b data-testid="callbacks-waiting">${callbacks.length}</b></div></div>`,
    wideTable(['Заказан', 'Телефон', 'Офис, терминал', 'Экран'], rows, 'Звонков не ждут.'),
  ].join('');
  return consolePage('Обратные звонки', frame, body);
}

function actionForm(action: string, csrfToken: string, requestId: string, label: string, testId: string): string {
  return [
    `<form class="inline" method="post" action="${esc(action)}">`,
    csrfField(csrfToken),
    `<input type="hidden" name="requestId" value="${esc(requestId)}">`,
    `<button type="submit" data-testid="${esc(testId)}">${esc(label)}</button>`,
    '</form>',
  ].join('');
}

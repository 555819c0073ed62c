import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import type { ContentChannel } from '../content/content-publisher';
import type { HubRepository } from '../db/hub-repository';
import type { PaymentsRepository } from '../db/payments-repository';
import { registerHelpConsolePages } from '../help/help-console';
import type { HelpService } from '../help/help-service';
import { ratingsPage, ratingsPageData } from '../rating/rating-console-page';
import type { RatingStore } from '../rating/rating-store';
import type { HubLogger } from '../server/hub-logger';
import { buildPaymentsDailyReport } from '../server/payments-daily-report';
import { operatorQueue } from '../server/queue/operator-desk';
import type { QueueDeps } from '../server/queue/queue-deps';
import type { TechnicianTokens } from '../technician/technician-tokens';
import { CONSOLE_CSP, CONSOLE_CSS, CONSOLE_ICON_SVG, CONSOLE_JS } from './console-assets';
import type { ConsoleFleetSource } from './console-fleet-source';
import { type ConsoleSections, consolePage, esc, type PageFrame, publicPage, signInPage } from './console-html';
import {
  alertsPage,
  contentPage,
  fleetPage,
  kioskPage,
  type OfficeFleet,
  paymentsPage,
  queuePage,
} from './console-pages';
import { type ConsoleCapability, type ConsoleUser, can, seesOffice } from './console-roles';
import { ConsoleSessions, type LiveSession, type SessionLifetimes } from './console-sessions';
import type { ConsoleStore } from './console-store';
import { sameOrigin, tokenMatches } from './csrf';
import { decoyHash, verifyPassword } from './password-hash';
import { SignInLimits } from './sign-in-limits';
import { technicianTokenPage } from './technician-pages';

/** What the console needs from the hub. */
export interface ConsoleDeps {
  store: ConsoleStore;
  fleet: ConsoleFleetSource;
  repository: HubRepository;
  payments?: PaymentsRepository;
  content?: ContentChannel;
  queue: QueueDeps;
  /** Technician QR tokens and the kiosks' technician audit; without it neither page part is served. */
  technician?: TechnicianTokens;
  /** The ratings of the service; without it the ratings page is not served. */
  ratings?: RatingStore;
  /** «Позвать сотрудника»: the offices' help requests and the call centre's call-backs (hub/help/). */
  help?: HelpService;
  /** The hub's time zone: the payments' calendar day. */
  timeZone: string;
  logger: HubLogger;
  now: () => number;
  lifetimes?: SessionLifetimes;
}

/** The parts the hub's housekeeping runs. */
export interface ConsoleHousekeeping {
  /** Deletes ended sessions. */
  prune(): Promise<number>;
}

const SESSION_COOKIE = 'okno_console';
const SIGN_IN_COOKIE = 'okno_console_sign_in';
const FORM_LIMIT_BYTES = 4096;

const SignInForm = z.object({
  _csrf: z.string().max(100),
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
const TokenOnlyForm = z.object({ _csrf: z.string().max(100) });
const AcknowledgeForm = z.object({ _csrf: z.string().max(100), alertId: z.string().min(1).max(300) });
/** A command's kind and its form's fields (`param.<name>`, at most a few short strings; the kind's schema checks them). */
const CommandForm = z
  .object({ _csrf: z.string().max(100), kind: z.string().regex(/^[a-zA-Z_.]{1,64}$/) })
  .catchall(z.string().max(200));
const PARAM_PREFIX = 'param.';
const KioskParams = z.object({ kioskId: z.string().min(1).max(64) });
const TechnicianTokenForm = z.object({
  _csrf: z.string().max(100),
  person: z.string().max(200),
  scope: z.string().regex(/^(kiosk|office):[A-Za-z0-9_.-]{1,64}$/),
  hours: z.string().regex(/^\d{1,2}$/),
});
const OfficeParams = z.object({ officeId: z.string().min(1).max(64) });

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession?: LiveSession;
  }
}

function cookiesOf(request: FastifyRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

function cookie(request: FastifyRequest, name: string, value: string, maxAgeSeconds: number | undefined): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  const age = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${value}; Path=/console; HttpOnly; SameSite=Strict${secure}${age}`;
}

function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * The web console under `/console`: sign-in, sessions, CSRF checks, the audit, and the pages.
 * Every page filters by the user's role and office here, on the server; an office the user may
 * not see answers 404 exactly like one that does not exist, so guessing URLs tells nothing.
 */
export function registerConsoleRoutes(app: FastifyInstance, deps: ConsoleDeps): ConsoleHousekeeping {
  const sessions = new ConsoleSessions(deps.store, deps.now, deps.lifetimes);
  const sections: ConsoleSections = {
    payments: deps.payments !== undefined,
    ratings: deps.ratings !== undefined,
    technician: deps.technician !== undefined,
    help: deps.help !== undefined,
  };
  const limits = new SignInLimits(deps.store, deps.now);
  // Made now, so the first sign-in with an unknown login does not take twice as long as others.
  decoyHash().catch((error: unknown) => deps.logger.error({ err: error }, 'hashing the decoy password failed'));
  const audit = (request: FastifyRequest, actor: string, action: string, subject: string, detail = {}): Promise<void> =>
    deps.store.appendAudit({
      at: new Date(deps.now()).toISOString(),
      actor,
      action,
      subject,
      address: request.ip,
      detail,
    });

  app.register(
    async (scope) => {
      // Pages for people, not the kiosks' API: kept out of the OpenAPI document.
      scope.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, hide: true };
      });
      // HTML forms; parsed here only, into plain strings.
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      scope.addHook('onRequest', async (request, reply) => {
        reply
          .header('content-security-policy', CONSOLE_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('x-frame-options', 'DENY')
          .header('referrer-policy', 'same-origin')
          .header('cache-control', 'no-store');
        const live = await sessions.resume(cookiesOf(request).get(SESSION_COOKIE));
        if (live) request.consoleSession = live;
      });
      scope.setNotFoundHandler((_request, reply) => notFound(reply));

      scope.get('/console.css', async (_request, reply) =>
        reply.header('content-type', 'text/css; charset=utf-8').send(CONSOLE_CSS),
      );
      scope.get('/console.js', async (_request, reply) =>
        reply.header('content-type', 'text/javascript; charset=utf-8').send(CONSOLE_JS),
      );

      scope.get('/icon.svg', async (_request, reply) =>
        reply.header('content-type', 'image/svg+xml').send(CONSOLE_ICON_SVG),
      );

      scope.get('/sign-in', async (request, reply) => {
        if (request.consoleSession) return reply.redirect('/console', 303);
        return sendSignIn(request, reply, 200);
      });

      scope.post('/sign-in', async (request, reply) => {
        const form = SignInForm.safeParse(request.body);
        const formToken = cookiesOf(request).get(SIGN_IN_COOKIE);
        if (
          !sameOrigin(originOf(request), request.headers) ||
          !form.success ||
          formToken === undefined ||
          !tokenMatches(formToken, form.data._csrf)
        ) {
          await audit(request, '-', 'csrf_refused', 'sign-in');
          return forbidden(reply, 'Запрос отклонён. Откройте страницу входа заново.');
        }
        const { login, password } = form.data;
        const wait = await limits.waitSeconds(login, request.ip);
        if (wait > 0) {
          await audit(request, '-', 'sign_in_locked', 'sign-in', { waitSeconds: wait });
          return sendSignIn(
            request,
            reply,
            429,
            `Слишком много неудачных попыток. Повторите через ${Math.ceil(wait / 60)} мин.`,
          );
        }
        const user = await deps.store.findUser(login);
        // An unknown or disabled login costs the same hashing, so timing does not tell which it was.
        const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
        if (!user || user.disabledAt !== undefined || !matches) {
          await limits.recordFailure(login, request.ip);
          await audit(request, user ? user.login : '-', 'sign_in_failed', user ? user.login : '-');
          return sendSignIn(request, reply, 401, 'Неверное имя пользователя или пароль.');
        }
        await limits.recordSuccess(login);
        const started = await sessions.start(user.login);
        await audit(request, user.login, 'sign_in', user.login);
        return reply
          .header('set-cookie', [
            cookie(request, SESSION_COOKIE, started.id, undefined),
            cookie(request, SIGN_IN_COOKIE, '', 0),
          ])
          .redirect('/console', 303);
      });

      scope.post('/sign-out', async (request, reply) => {
        const session = await guardPost(request, reply, TokenOnlyForm);
        if (!session) return reply;
        await sessions.end(session.idHash);
        await audit(request, session.user.login, 'sign_out', session.user.login);
        return reply.header('set-cookie', cookie(request, SESSION_COOKIE, '', 0)).redirect('/console/sign-in', 303);
      });

      scope.get('/', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'fleet');
        if (!frame) return reply;
        const kiosks = (await deps.fleet.listKiosks()).filter((k) => seesOffice(frame.user, k.officeId));
        const alerts = (await deps.fleet.listAlerts()).filter((a) => seesOffice(frame.user, a.officeId));
        const offices: OfficeFleet[] = [];
        for (const office of await deps.store.listOffices()) {
          if (!seesOffice(frame.user, office.id)) continue;
          const record = await deps.repository.findOffice(office.id);
          offices.push({
            officeId: office.id,
            name: office.name,
            timeZone: record?.timeZone ?? deps.timeZone,
            kiosks: kiosks.filter((k) => k.officeId === office.id),
            openAlerts: alerts.filter((a) => a.officeId === office.id && a.closedAt === undefined).length,
          });
        }
        return html(reply, fleetPage(frame, offices, deps.now()));
      });

      // What the live pages show of the fleet, as a short stamp: the page's script asks every
      // second and reloads its part when the stamp moves, so an alert shows in about a second.
      scope.get('/live-stamp', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'fleet');
        if (!frame) return reply;
        const kiosks = (await deps.fleet.listKiosks()).filter((k) => seesOffice(frame.user, k.officeId));
        const alerts = (await deps.fleet.listAlerts()).filter((a) => seesOffice(frame.user, a.officeId));
        const facts = JSON.stringify([
          kiosks.map((k) => [k.kioskId, k.state, k.devices, k.contentState, k.contentVersion]),
          alerts.map((a) => [a.alertId, a.acknowledgedAt, a.title]),
        ]);
        const stamp = createHash('sha256').update(facts).digest('base64url').slice(0, 16);
        return reply.header('content-type', 'text/plain; charset=utf-8').send(stamp);
      });

      scope.get('/alerts', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'fleet');
        if (!frame) return reply;
        const alerts = (await deps.fleet.listAlerts()).filter((a) => seesOffice(frame.user, a.officeId));
        return html(reply, alertsPage(frame, alerts, await timeZones()));
      });

      scope.post('/alerts/acknowledge', async (request, reply) => {
        const session = await guardPost(request, reply, AcknowledgeForm, 'acknowledge_alerts');
        if (!session) return reply;
        const { alertId } = AcknowledgeForm.parse(request.body);
        const alert = (await deps.fleet.listAlerts()).find((a) => a.alertId === alertId);
        if (!alert || !seesOffice(session.user, alert.officeId)) {
          await audit(request, session.user.login, 'denied', 'alert', { reason: 'not_visible' });
          return notFound(reply);
        }
        const result = await deps.fleet.acknowledgeAlert(alertId, session.user.login);
        await audit(request, session.user.login, 'alert_acknowledged', alert.kioskId, {
          rule: alert.rule,
          ok: result.ok,
        });
        return reply.redirect('/console/alerts', 303);
      });

      scope.get('/kiosks/:kioskId', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'fleet');
        if (!frame) return reply;
        const params = KioskParams.safeParse(request.params);
        const kiosk = params.success ? await deps.fleet.findKiosk(params.data.kioskId) : undefined;
        if (!kiosk || !seesOffice(frame.user, kiosk.officeId)) return notFound(reply);
        const office = await deps.repository.findOffice(kiosk.officeId);
        const commands = deps.fleet.commands;
        return html(
          reply,
          kioskPage(
            frame,
            {
              kiosk,
              officeName: office?.name ?? kiosk.officeId,
              timeZone: office?.timeZone ?? deps.timeZone,
              alerts: await deps.fleet.listAlerts({ kioskId: kiosk.kioskId }),
              events: await deps.fleet.recentEvents(kiosk.kioskId, 20),
              ...(commands === undefined
                ? {}
                : { commands: { kinds: commands.kinds(), list: await commands.list(kiosk.kioskId, 20) } }),
              ...(deps.technician
                ? { technicianAudit: await deps.technician.store.auditOfKiosk(kiosk.kioskId, 20) }
                : {}),
            },
            deps.now(),
          ),
        );
      });

      scope.post('/kiosks/:kioskId/commands', async (request, reply) => {
        const session = await guardPost(request, reply, CommandForm, 'issue_commands');
        if (!session) return reply;
        const params = KioskParams.safeParse(request.params);
        const kiosk = params.success ? await deps.fleet.findKiosk(params.data.kioskId) : undefined;
        if (!kiosk || !seesOffice(session.user, kiosk.officeId) || !deps.fleet.commands) return notFound(reply);
        const { kind, _csrf, ...fields } = CommandForm.parse(request.body);
        const commandParams = Object.fromEntries(
          Object.entries(fields)
            .filter(([name]) => name.startsWith(PARAM_PREFIX))
            .slice(0, 8)
            .map(([name, value]) => [name.slice(PARAM_PREFIX.length), value]),
        );
        const result = await deps.fleet.commands.issue({
          kioskId: kiosk.kioskId,
          kind,
          params: commandParams,
          issuedBy: session.user.login,
        });
        await audit(request, session.user.login, 'command_issued', kiosk.kioskId, {
          kind,
          ok: result.ok,
          ...(result.ok ? { commandId: result.value.commandId } : { error: result.error.code }),
        });
        return reply.redirect(`/console/kiosks/${encodeURIComponent(kiosk.kioskId)}`, 303);
      });

      scope.get('/technician-tokens', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'issue_technician_tokens');
        if (!frame || !deps.technician) return frame ? notFound(reply) : reply;
        return html(reply, technicianTokenPage(frame, await technicianTokenData()));
      });

      scope.post('/technician-tokens', async (request, reply) => {
        const session = await guardPost(request, reply, TechnicianTokenForm, 'issue_technician_tokens');
        if (!session) return reply;
        if (!deps.technician) return notFound(reply);
        const form = TechnicianTokenForm.parse(request.body);
        const [kind, id = ''] = form.scope.split(':') as ['kiosk' | 'office', string];
        const result = await deps.technician.issue({
          person: form.person,
          scope: { kind, id },
          hours: Number(form.hours),
          issuer: session.user.login,
        });
        // The person's name stays out of the console audit's detail: the token's row has it.
        await audit(request, session.user.login, 'technician_token_issued', form.scope, {
          ok: result.ok,
          hours: Number(form.hours),
          ...(result.ok ? { nonce: result.record.nonce } : {}),
        });
        const frame = { user: session.user, csrfToken: session.csrfToken, sections };
        const data = await technicianTokenData();
        return html(
          reply.code(result.ok ? 200 : 400),
          technicianTokenPage(
            frame,
            result.ok
              ? { ...data, issued: { token: result.token, record: result.record } }
              : { ...data, problem: result.problem },
          ),
        );
      });

      scope.get('/content', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'content');
        if (!frame) return reply;
        const visible = new Set(
          (await deps.repository.listKiosks()).filter((k) => seesOffice(frame.user, k.officeId)).map((k) => k.id),
        );
        const releases = (await deps.content?.store.listReleases()) ?? [];
        const states = ((await deps.content?.store.kioskStates()) ?? []).filter((s) => visible.has(s.kioskId));
        return html(reply, contentPage(frame, releases, states, deps.timeZone));
      });

      scope.get('/offices/:officeId/queue', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'queue');
        if (!frame) return reply;
        const office = await visibleOffice(frame.user, request.params);
        if (!office) return notFound(reply);
        const answer = await operatorQueue(deps.queue, office.id);
        if (!answer.ok) {
          const notice = `<p class="notice">У офиса ${esc(office.name)} нет каталога услуг: очереди нет.</p>`;
          return html(reply, consolePage('Очередь сегодня', frame, notice));
        }
        const since = new Date(deps.now() - 3_600_000).toISOString();
        const prefixes = [
          ...new Set([...answer.value.waiting, ...answer.value.called].map((t) => t.number.split('-')[0] ?? '')),
        ];
        const windowsByQueue = [];
        for (const prefix of prefixes.sort()) {
          windowsByQueue.push({ prefix, windows: await deps.repository.countCallingWindows(office.id, prefix, since) });
        }
        return html(
          reply,
          queuePage(frame, {
            officeName: office.name,
            timeZone: office.timeZone ?? deps.timeZone,
            view: answer.value,
            windowsByQueue,
            now: deps.now(),
          }),
        );
      });

      scope.get('/offices/:officeId/ratings', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'queue');
        if (!frame) return reply;
        const office = await visibleOffice(frame.user, request.params);
        if (!office || !deps.ratings) return notFound(reply);
        return html(reply, ratingsPage(frame, await ratingsPageData({ ...deps, ratings: deps.ratings }, office)));
      });

      scope.get('/offices/:officeId/payments', async (request, reply) => {
        const frame = await pageFrame(request, reply, 'payments');
        if (!frame) return reply;
        const office = await visibleOffice(frame.user, request.params);
        if (!office || !deps.payments) return notFound(reply);
        const date = officeDate(new Date(deps.now()), deps.timeZone);
        const day = await deps.payments.paymentsOfDay(office.id, date);
        const report = buildPaymentsDailyReport(office.id, date, deps.timeZone, day);
        return html(reply, paymentsPage(frame, office.name, report, office.timeZone ?? deps.timeZone));
      });

      if (deps.help) {
        const { timeZone } = deps;
        registerHelpConsolePages(scope, deps.help, {
          pageFrame,
          guardPost,
          audit,
          visibleOffice,
          html,
          notFound,
          timeZone,
        });
      }
    },
    { prefix: '/console' },
  );

  /** Answers the sign-in page with a fresh double-submit token in its own short-lived cookie. */
  function sendSignIn(request: FastifyRequest, reply: FastifyReply, status: number, problem?: string) {
    const token = randomBytes(32).toString('base64url');
    return html(
      reply.code(status).header('set-cookie', cookie(request, SIGN_IN_COOKIE, token, 900)),
      signInPage(token, problem),
    );
  }

  /** The page's frame when a session may see it; otherwise the reply is sent (to sign-in, or 403). */
  async function pageFrame(
    request: FastifyRequest,
    reply: FastifyReply,
    capability: ConsoleCapability,
  ): Promise<PageFrame | undefined> {
    const session = request.consoleSession;
    if (!session) {
      if (request.headers['x-okno-live'] === '1') reply.code(401).send('');
      else reply.redirect('/console/sign-in', 303);
      return undefined;
    }
    if (!can(session.user, capability)) {
      await audit(request, session.user.login, 'denied', request.routeOptions.url ?? '', { capability });
      forbidden(reply, 'Эта страница недоступна для вашей роли.');
      return undefined;
    }
    return { user: session.user, csrfToken: session.csrfToken, sections };
  }

  /** The session of a POST that passed the Origin and token checks and the capability, else undefined (answered). */
  async function guardPost<T extends z.ZodType<{ _csrf: string }>>(
    request: FastifyRequest,
    reply: FastifyReply,
    form: T,
    capability?: ConsoleCapability,
  ): Promise<LiveSession | undefined> {
    const session = request.consoleSession;
    const parsed = form.safeParse(request.body);
    if (
      !session ||
      !sameOrigin(originOf(request), request.headers) ||
      !parsed.success ||
      !tokenMatches(session.csrfToken, parsed.data._csrf)
    ) {
      await audit(request, session?.user.login ?? '-', 'csrf_refused', request.routeOptions.url ?? '');
      forbidden(reply, 'Запрос отклонён. Обновите страницу и повторите.');
      return undefined;
    }
    if (capability !== undefined && !can(session.user, capability)) {
      await audit(request, session.user.login, 'denied', request.routeOptions.url ?? '', { capability });
      forbidden(reply, 'Это действие недоступно для вашей роли.');
      return undefined;
    }
    return session;
  }

  async function visibleOffice(user: ConsoleUser, params: unknown) {
    const parsed = OfficeParams.safeParse(params);
    if (!parsed.success || !seesOffice(user, parsed.data.officeId)) return undefined;
    return deps.repository.findOffice(parsed.data.officeId);
  }

  async function technicianTokenData() {
    const kiosks = (await deps.repository.listKiosks()).map((k) => ({ id: k.id, officeId: k.officeId }));
    const offices = (await deps.store.listOffices()).map((o) => ({ id: o.id, name: o.name }));
    return { kiosks, offices, recent: (await deps.technician?.store.listTokens(20)) ?? [], timeZone: deps.timeZone };
  }

  async function timeZones(): Promise<(officeId: string) => string> {
    const zones = new Map<string, string>();
    for (const office of await deps.store.listOffices()) {
      zones.set(office.id, (await deps.repository.findOffice(office.id))?.timeZone ?? deps.timeZone);
    }
    return (officeId) => zones.get(officeId) ?? deps.timeZone;
  }

  return { prune: () => sessions.prune() };
}

function html(reply: FastifyReply, body: string) {
  return reply.header('content-type', 'text/html; charset=utf-8').send(body);
}

function forbidden(reply: FastifyReply, message: string) {
  return html(
    reply.code(403),
    publicPage('Доступ запрещён', `<p class="error">${esc(message)}</p><p><a href="/console">К терминалам</a></p>`),
  );
}

function notFound(reply: FastifyReply) {
  return html(
    reply.code(404),
    publicPage('Не найдено', '<p>Такой страницы нет.</p><p><a href="/console">К терминалам</a></p>'),
  );
}

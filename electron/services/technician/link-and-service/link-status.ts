import type { TechnicianLinkView } from '../../../../kiosk-config/src/index';
import type { KioskContent } from '../../content/start-content';
import type { HubServices } from '../../hub/hub-services';
import type { SystemClock } from './system-clock';

/** What the «Связь и содержимое» page reads. */
export interface LinkStatusSources {
  kioskId: string;
  hub: Pick<HubServices, 'link' | 'outbox' | 'contact'>;
  content: Pick<KioskContent, 'activity' | 'currentVersion' | 'store'>;
  clock: SystemClock;
  now?: () => number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The link, identity, outbox, content and clock as the technician's page shows them. */
export async function linkStatus(sources: LinkStatusSources): Promise<TechnicianLinkView> {
  const { hub, content } = sources;
  const now = (sources.now ?? Date.now)();
  const lane = (name: 'first' | 'rest') => {
    const outbox = hub.outbox[name];
    const oldest = outbox.peek(1)[0];
    return { lane: name, count: outbox.pendingCount, ...(oldest ? { oldestAt: oldest.at } : {}) };
  };
  const enrollment = hub.link.enrollment;
  const lastAnswerAt = hub.contact.lastAnswerAt;
  const offset = hub.contact.clockOffset;
  const activity = content.activity();
  const [version, system] = await Promise.all([content.currentVersion(), sources.clock.state()]);
  return {
    kioskId: sources.kioskId,
    hub: {
      configured: hub.link.baseUrl !== undefined,
      circuit: hub.link.breaker.state,
      ...(lastAnswerAt === undefined ? {} : { lastContactAt: iso(lastAnswerAt) }),
    },
    enrollment: enrollment ? { enrolled: true, ...enrollment } : { enrolled: false },
    outbox: [lane('first'), lane('rest')],
    content: {
      enabled: content.store !== undefined,
      ...(version === undefined ? {} : { version }),
      ...(activity.lastState
        ? {
            state: activity.lastState.report.state,
            stateAt: activity.lastState.at,
            ...(activity.lastState.report.reason ? { reason: activity.lastState.report.reason.slice(0, 200) } : {}),
          }
        : {}),
      ...(activity.lastCheck
        ? { lastCheckAt: activity.lastCheck.at, lastCheckOutcome: activity.lastCheck.outcome }
        : {}),
    },
    clock: {
      kioskTime: iso(now),
      ...(offset ? { offset: { ...offset, measuredAt: iso(offset.measuredAt) } } : {}),
      ...(system.ok
        ? {
            ntp: { active: system.state.ntpActive, synchronized: system.state.ntpSynchronized },
            ...(system.state.timeZone ? { systemTimeZone: system.state.timeZone.slice(0, 64) } : {}),
          }
        : { problem: system.problem }),
    },
  };
}

import type { ChangeSignals, ChangeTopic } from '../server/change-signals';
import type { HubLogger } from '../server/hub-logger';

/**
 * Tells the running hubs that `topic` changed, after the change committed. A signal that fails
 * (the database went away a moment after the write) does not undo the change: it is logged, and
 * the hubs find the change at their next look in the database.
 */
export async function notifyHubs(signals: ChangeSignals, topic: ChangeTopic, logger: HubLogger): Promise<void> {
  try {
    await signals.notify(topic);
  } catch (error) {
    logger.warn({ err: error, topic }, 'the running hubs were not told at once; they find it at their next look');
  }
}

import { describe, expect, it } from 'vitest';
import { VisitorSession } from '../session/visitor-session';
import { StartupStack } from '../startup-stack';
import type { SystemCommands } from '../technician/link-and-service/system-commands';
import { memoryLogger } from '../test-support';
import { startSpeech } from './start-speech';

describe('startSpeech', () => {
  it('runs the mixer and the headphone jack through the kiosk’s system commands', async () => {
    const runs: string[] = [];
    // A card whose jack has headphones in, and a mixer that works: only these answers can say so.
    const commands: SystemCommands = {
      run: async (program, args) => {
        runs.push(program);
        const plugged = args.includes('cget') ? "numid=18,iface=CARD,name='Headphone Jack'\n  : values=on\n" : '';
        return { code: 0, stdout: plugged, stderr: '' };
      },
    };
    const logger = memoryLogger();
    const stack = new StartupStack(logger.log);
    const speech = await startSpeech(stack, {
      config: { key: null, safeVolumePercent: 55, onHeadphones: true },
      devices: undefined,
      emit: () => {},
      log: logger.log,
      systemCommands: commands,
      memory: new VisitorSession(60_000, 15_000, { onIdleWarning: () => {}, onReset: () => {} }),
    });
    try {
      expect(speech.headphones()).toBe('in');
      await speech.sessionEnded();
      expect(runs).toEqual(['amixer', 'amixer']);
    } finally {
      await stack.stop();
    }
  });
});

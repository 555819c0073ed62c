import { z } from 'zod';
import { ScreenLanguage } from './screen-language';

/**
 * Voice guidance (docs/accessibility/voice.md): the page says what to speak, in order; the main
 * side speaks it offline with espeak-ng (or a recorded prompt), one utterance at a time, and
 * decides itself whether private parts may be heard (headphones in, or the visitor agreed).
 */

/** A catalog key of a fixed phrase: its recorded prompt is played where one exists. */
export const PromptKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)*$/);

/** One piece of what is spoken: a title, a choice, an answer. */
export const SpeechPart = z
  .object({
    text: z.string().min(1).max(1000),
    /** The visitor's own data (an application's status, a payment's amount): spoken only in private. */
    private: z.boolean(),
    /** A fixed phrase's catalog key: its recording is played instead of synthesis where one exists. */
    prompt: PromptKey.optional(),
  })
  .strict();
export type SpeechPart = z.infer<typeof SpeechPart>;

/** Whether the main side can hear headphones, and whether they are in. */
export const HeadphonesState = z.enum(['in', 'out', 'unknown']);
export type HeadphonesState = z.infer<typeof HeadphonesState>;

const NoInput = z.object({}).strict();

/** The speech calls, spread into the contract's calls. */
export const speechCalls = {
  /**
   * Speaks the parts in order, interrupting whatever was being spoken (a new screen). Private
   * parts are withheld unless headphones are in or `privateAgreed` (the visitor's one tap on
   * screen); `withheld` counts them so the page can offer the agreement.
   */
  'speech.say': {
    input: z
      .object({
        parts: z.array(SpeechPart).min(1).max(64),
        /** The screen's language: espeak-ng has a voice for each (`espeak-voices.ts`). */
        language: ScreenLanguage,
        privateAgreed: z.boolean(),
        /** A whole screen (what `speech.repeat` says again), or one control named on its first touch. */
        what: z.enum(['screen', 'control']),
      })
      .strict(),
    output: z.object({ withheld: z.number().int().nonnegative() }).strict(),
  },
  /** Stops speaking now (the queue is emptied; `speech.repeat` can still say it again). */
  'speech.stop': { input: NoInput, output: z.object({}).strict() },
  /** Says the last screen again from its start; `repeated: false` when none was spoken this session. */
  'speech.repeat': { input: NoInput, output: z.object({ repeated: z.boolean() }).strict() },
  /** Whether headphones are in now (the page's privacy decision before the first event). */
  'speech.state': { input: NoInput, output: z.object({ headphones: HeadphonesState }).strict() },
} as const;

/** The speech events, spread into the contract's events. */
export const speechEvents = {
  /**
   * Headphones were plugged in or out. `turnSpeechOn`: the kiosk's config turns speech on when
   * they are plugged (`accessibility.speech.onHeadphones`).
   */
  'speech.headphones': z.object({ headphones: HeadphonesState, turnSpeechOn: z.boolean() }).strict(),
} as const;

import type { SpeechPart } from '../../../kiosk-config/src/index';

/**
 * What a screen says aloud, read from the page itself so every screen speaks without its own
 * script: the heading (`main h1`, a dialog's `h1`), then its choices (the buttons, in the order they stand; an
 * on-screen keypad is one choice, named by its label), then its answer (elements marked
 * `data-speak="answer"`, or `data-speak-private` for the visitor's own data: a status, an amount).
 */

/** Elements whose answer is the visitor's own data: spoken only in private. */
export const PRIVATE_ANSWER = 'data-speak-private';
/** Elements that answer the visitor's question (a ticket number, an outcome). */
export const ANSWER_SELECTOR = `[data-speak="answer"], [${PRIVATE_ANSWER}]`;
/** What can be chosen on a screen. */
export const CHOICE_SELECTOR = 'button, [role="button"], a[href]';

/**
 * The screen on the page now: a modal dialog open over the visitor's page (the help dialog), else
 * the visitor's `main` (the attract loop and the idle warning sit outside both).
 */
export function currentScreen(document: Document): HTMLElement | null {
  return (
    document.querySelector<HTMLElement>('.app-beneath [aria-modal="true"]') ??
    document.querySelector<HTMLElement>('.app-beneath main')
  );
}

/**
 * An element's words as a person reads them: its label, else its texts, each apart (a choice's
 * label and hint are two spans: «Взять талон» and its hint must not run together), spaces collapsed.
 */
export function spokenLabel(element: Element): string {
  const label = element.getAttribute('aria-label') ?? textsOf(element).join(' ');
  return label.replace(/\s+/g, ' ').trim();
}

function textsOf(node: Node): string[] {
  if (node.nodeType === Node.TEXT_NODE) return [node.nodeValue ?? ''];
  if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return [];
  return [...node.childNodes].flatMap(textsOf);
}

/** The keypad a key belongs to (`fieldset` with a label): the keypad is announced, not each key. */
export function keypadOf(element: Element): HTMLFieldSetElement | null {
  return element.closest<HTMLFieldSetElement>('fieldset[aria-label]');
}

/** Whether a control can be pressed now. */
export function isDisabled(element: Element): boolean {
  return element.matches(':disabled') || element.getAttribute('aria-disabled') === 'true';
}

/** The parts of a screen, in the order they are spoken (`unavailable`: the word said after a disabled choice). */
export function readScreen(screen: Element, words: { unavailable: string }): SpeechPart[] {
  const parts: SpeechPart[] = [];
  const say = (text: string, isPrivate = false) => {
    if (text !== '') parts.push({ text: text.slice(0, 1000), private: isPrivate });
  };
  const title = screen.querySelector('h1');
  if (title !== null) say(spokenLabel(title));

  const keypads = new Set<Element>();
  for (const choice of screen.querySelectorAll(CHOICE_SELECTOR)) {
    if (choice.closest('[aria-hidden="true"], [hidden]') !== null) continue;
    const keypad = keypadOf(choice);
    if (keypad !== null) {
      if (!keypads.has(keypad)) say(spokenLabel(keypad));
      keypads.add(keypad);
      continue;
    }
    const label = spokenLabel(choice);
    say(isDisabled(choice) && label !== '' ? `${label}, ${words.unavailable}` : label);
  }

  for (const answer of screen.querySelectorAll(ANSWER_SELECTOR)) {
    say(spokenLabel(answer), answer.hasAttribute(PRIVATE_ANSWER));
  }
  return parts;
}

/**
 * What identifies the screen as the visitor hears it: which screen, its heading and its answer.
 * When it changes (a new screen, or the answer arrived) the screen is spoken again.
 */
export function screenIdentity(screen: Element): string {
  const answers = [...screen.querySelectorAll(ANSWER_SELECTOR)].map(spokenLabel);
  const title = screen.querySelector('h1');
  return [screen.getAttribute('data-testid') ?? '', title === null ? '' : spokenLabel(title), ...answers].join('\n');
}

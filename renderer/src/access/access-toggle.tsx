import type { ReactNode } from 'react';

/**
 * One button of the access bar: a word (never an icon alone) and, for a switch, its state;
 * `lang` where the word is in a language of its own (a language's name in itself).
 */
export function AccessToggle(props: {
  testId: string;
  label: string;
  pressed?: boolean | undefined;
  icon?: ReactNode;
  /** An extra class, where one button takes its own place in the bar's layout. */
  className?: string | undefined;
  lang?: string;
  onPress: () => void;
}) {
  return (
    <button
      type="button"
      lang={props.lang}
      className={`button access-button ${props.className ?? ''}`.trim()}
      data-testid={props.testId}
      aria-pressed={props.pressed}
      onClick={props.onPress}
    >
      {props.icon}
      <span>{props.label}</span>
    </button>
  );
}

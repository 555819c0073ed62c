import type { ReactNode } from 'react';

/** Props of `ChoiceButton`. */
export interface ChoiceButtonProps {
  testId: string;
  icon: ReactNode;
  label: string;
  /** A short line under the label that says what the choice leads to. */
  hint: string;
  onPress: () => void;
}

/** One big choice of a screen that offers a few (home, «Оплатить госпошлину»): icon, label, hint. */
export function ChoiceButton(props: ChoiceButtonProps) {
  return (
    <button type="button" className="home-action" data-testid={props.testId} onClick={props.onPress}>
      <span className="home-action-icon">{props.icon}</span>
      <span className="home-action-text">
        <span className="home-action-label">{props.label}</span>
        <span className="home-action-hint">{props.hint}</span>
      </span>
    </button>
  );
}

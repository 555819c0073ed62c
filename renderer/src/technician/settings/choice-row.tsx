/** One of the choices of a row. */
export interface Choice<T> {
  value: T;
  title: string;
  /** The button's test id, when a test presses it. */
  testId?: string;
}

export interface ChoiceRowProps<T> {
  /** What is chosen, for screen readers. */
  label: string;
  choices: ReadonlyArray<Choice<T>>;
  chosen: T | null | undefined;
  onChoose: (value: T) => void;
  testId?: string;
}

/** A row of large buttons of which one is chosen (pressed): a device, a model, a speed, yes or no. */
export function ChoiceRow<T extends string | number | boolean>({
  label,
  choices,
  chosen,
  onChoose,
  testId,
}: ChoiceRowProps<T>) {
  return (
    <fieldset className="technician-choices" aria-label={label} data-testid={testId}>
      {choices.map((choice) => (
        <button
          key={String(choice.value)}
          type="button"
          aria-pressed={chosen === choice.value}
          className="technician-choice"
          data-testid={choice.testId}
          onClick={() => onChoose(choice.value)}
        >
          {choice.title}
        </button>
      ))}
    </fieldset>
  );
}

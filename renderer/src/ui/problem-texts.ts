/** What a problem screen shows: a title, the calm sentence with the next step, and its one button. */
export interface ProblemTexts<Remedy extends string> {
  title: string;
  message: string;
  /** What the main button does; the journey acts on it. */
  remedy: Remedy;
  /** The main button's words. */
  action: string;
}

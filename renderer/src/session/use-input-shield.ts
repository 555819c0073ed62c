import { type RefObject, useEffect, useRef, useState } from 'react';
import { InputShield } from './input-shield';

/**
 * One `InputShield` on the page's window for the component's life, and whether it is up (the page
 * makes what lies beneath inert meanwhile). `onDismiss` is the first touch or key while raised;
 * the latest one given is called. `passes` names input let through while raised (see `ShieldListeners`).
 */
export function useInputShield(
  onDismiss: () => void,
  passes?: (event: Event) => boolean,
): {
  shield: RefObject<InputShield | undefined>;
  shielded: boolean;
} {
  const [shielded, setShielded] = useState(false);
  const shield = useRef<InputShield | undefined>(undefined);
  const onDismissRef = useRef(onDismiss);
  onDismissRef.current = onDismiss;

  // `passes` is a module-level function of its callers: one shield for the page's life.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const created = new InputShield(window, {
      onDismiss: () => onDismissRef.current(),
      onChange: setShielded,
      ...(passes === undefined ? {} : { passes }),
    });
    created.install();
    shield.current = created;
    return () => {
      created.dispose();
      shield.current = undefined;
      setShielded(false);
    };
  }, []);

  return { shield, shielded };
}

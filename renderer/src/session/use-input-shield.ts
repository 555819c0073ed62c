import { type RefObject, useEffect, useRef, useState } from 'react';
import { InputShield } from './input-shield';

/**
 * One `InputShield` on the page's window for the component's life, and whether it is up (the page
 * makes what lies beneath inert meanwhile). `onDismiss` is the first touch or key while raised;
 * the latest one given is called.
 */
export function useInputShield(onDismiss: () => void): {
  shield: RefObject<InputShield | undefined>;
  shielded: boolean;
} {
  const [shielded, setShielded] = useState(false);
  const shield = useRef<InputShield | undefined>(undefined);
  const onDismissRef = useRef(onDismiss);
  onDismissRef.current = onDismiss;

  useEffect(() => {
    const created = new InputShield(window, { onDismiss: () => onDismissRef.current(), onChange: setShielded });
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

/**
 * Simple line icons drawn inline (no remote content, no icon font). Decorative only: every
 * button that shows one also says what it does in words.
 */

import type { ReactNode } from 'react';

function Icon({ children, strokeWidth = 2.2 }: { children: ReactNode; strokeWidth?: number }) {
  return (
    <svg
      width="1em"
      height="1em"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

/** An arrow pointing left, for «Назад». */
export function BackIcon() {
  return (
    <Icon>
      <path d="M19 12H5M11 5l-7 7 7 7" />
    </Icon>
  );
}

/** A house, for «На главную». */
export function HomeIcon() {
  return (
    <Icon>
      <path d="M3 11l9-8 9 8M5 9.5V21h5v-6h4v6h5V9.5" />
    </Icon>
  );
}

/** A magnifier over a page, for the application status. */
export function StatusIcon() {
  return (
    <Icon>
      <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h5M14 3l5 5h-5V3zM8 9h3M8 13h5" />
      <circle cx="17" cy="16" r="3" />
      <path d="M19.2 18.2L21.5 20.5" />
    </Icon>
  );
}

/** A queue ticket, for «Взять талон». */
export function TicketIcon() {
  return (
    <Icon>
      <path d="M4 7a2 2 0 0 0 2-2h12a2 2 0 0 0 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 0-2 2H6a2 2 0 0 0-2-2v-3a2 2 0 0 0 0-4V7z" />
      <path d="M9 9h6M9 12h6M9 15h4" />
    </Icon>
  );
}

/** A bank card, for the state fee. */
export function CardIcon() {
  return (
    <Icon>
      <rect x="2.5" y="5" width="19" height="14" rx="2" />
      <path d="M2.5 10h19M6 15h4" />
    </Icon>
  );
}

/** A window of four panes: the «Окно» mark in the header. */
export function WindowMark() {
  return (
    <Icon strokeWidth={2}>
      <rect x="3" y="3" width="18" height="18" rx="2.5" />
      <path d="M12 3v18M3 12h18" />
    </Icon>
  );
}

/** A chevron pointing right, at the end of a card that leads on. */
export function ChevronIcon() {
  return (
    <Icon strokeWidth={2.6}>
      <path d="M9 5l7 7-7 7" />
    </Icon>
  );
}

/** An arrow pointing down, for «Показать ещё». */
export function MoreIcon() {
  return (
    <Icon strokeWidth={2.6}>
      <path d="M12 4v15M5 12l7 7 7-7" />
    </Icon>
  );
}

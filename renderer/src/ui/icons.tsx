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

/** A calendar page with a tick, for «У меня запись» (a booked appointment). */
export function BookingIcon() {
  return (
    <Icon>
      <rect x="3.5" y="5" width="17" height="16" rx="2" />
      <path d="M3.5 10h17M8 3v4M16 3v4M8.5 15.5l2.5 2.5 4.5-5" />
    </Icon>
  );
}

/** A clock face, for a service or office that is closed now and when it opens. */
export function ClockIcon() {
  return (
    <Icon>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3.5 2" />
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

/** A list with bullets, for choosing a fee from the list. */
export function ListIcon() {
  return (
    <Icon>
      <path d="M9 6h11M9 12h11M9 18h11" />
      <circle cx="4.5" cy="6" r="1.2" />
      <circle cx="4.5" cy="12" r="1.2" />
      <circle cx="4.5" cy="18" r="1.2" />
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

/** A key with a cross, for «Стереть» (delete the last character). */
export function BackspaceIcon() {
  return (
    <Icon>
      <path d="M21 5H9l-7 7 7 7h12a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1z" />
      <path d="M17 9l-6 6M11 9l6 6" />
    </Icon>
  );
}

/** A magnifier, for «Найти». */
export function SearchIcon() {
  return (
    <Icon strokeWidth={2.6}>
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="M15.5 15.5L21 21" />
    </Icon>
  );
}

/** A receipt printer, for «Распечатать». */
export function PrinterIcon() {
  return (
    <Icon>
      <path d="M6 9V3h12v6M6 18H4a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h16a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1h-2" />
      <path d="M6 14h12v7H6z" />
    </Icon>
  );
}

/** A tick in a circle, for a slip that has printed. */
export function DoneIcon() {
  return (
    <Icon strokeWidth={2.6}>
      <circle cx="12" cy="12" r="9.5" />
      <path d="M7.5 12.5l3 3 6-6.5" />
    </Icon>
  );
}

/**
 * A receipt with its number line marked and the barcode under it: shows where to look for the
 * application number. Decorative, like the icons: the hint beside it says the same in words.
 */
export function ReceiptPicture() {
  return (
    <svg
      className="receipt-picture"
      viewBox="0 0 120 150"
      width="120"
      height="150"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d="M10 4h100v138l-10-6-10 6-10-6-10 6-10-6-10 6-10-6-10 6-10-6-10 6z"
        fill="#fff"
        stroke="#0b4aa2"
        strokeWidth="3"
      />
      <rect x="18" y="14" width="84" height="22" rx="4" fill="#ffbf00" />
      <path d="M24 25h72" stroke="#111827" strokeWidth="5" strokeLinecap="round" strokeDasharray="7 4" />
      <path
        d="M22 46v22M26 46v22M29 46v22M34 46v22M37 46v22M42 46v22M44 46v22M49 46v22M53 46v22M56 46v22M61 46v22M63 46v22M68 46v22M72 46v22M75 46v22M80 46v22M83 46v22M88 46v22M91 46v22M96 46v22"
        stroke="#111827"
        strokeWidth="2"
      />
      <path d="M22 84h76M22 96h60M22 108h70M22 120h48" stroke="#9ca3af" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}

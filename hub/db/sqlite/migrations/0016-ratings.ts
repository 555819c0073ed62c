import type { Migration } from '../migrate';

/**
 * Ratings of the service (docs/accessibility/rating.md): per office, service and window, the score
 * 1–5 and the reasons chosen, on the office day of the visit. `ticket_id` is there only as the key
 * that lets a ticket be rated once; no time of day, no channel detail, nothing about the visitor.
 */
export const migration0016Ratings: Migration = {
  version: 16,
  name: 'ratings',
  sql: `
CREATE TABLE ratings (
  ticket_id   TEXT PRIMARY KEY REFERENCES tickets (ticket_id),
  office_id   TEXT NOT NULL,
  service_id  TEXT NOT NULL,
  window      TEXT,
  day         TEXT NOT NULL,
  score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  source      TEXT NOT NULL CHECK (source IN ('follow_page', 'kiosk'))
) STRICT, WITHOUT ROWID;
CREATE INDEX ratings_office_day ON ratings (office_id, day);

CREATE TABLE rating_reasons (
  ticket_id  TEXT NOT NULL REFERENCES ratings (ticket_id),
  reason     TEXT NOT NULL CHECK (reason IN ('service_time', 'waiting_time', 'staff', 'comfort', 'information')),
  PRIMARY KEY (ticket_id, reason)
) STRICT, WITHOUT ROWID;
`,
};

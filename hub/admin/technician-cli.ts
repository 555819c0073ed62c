import { writeFileSync } from 'node:fs';
import { encodeQr, type QrCode, qrSvg } from '../../kiosk-config/src/lib/qr-encoder';
import type { HubRepository } from '../db/hub-repository';
import { loadOrCreateTechnicianKey } from '../technician/technician-key';
import type { TechnicianStore } from '../technician/technician-store';
import { TechnicianTokens } from '../technician/technician-tokens';

export const TECHNICIAN_TOKEN_USAGE = `usage: admin.js technician-token --person "Петров И." (--kiosk KIOSK_ID | --office OFFICE_ID) [--hours 8] [--svg FILE]
  a QR code that lets this person into the technician mode of that kiosk (or of every kiosk of that office),
  for 1 to 12 hours; printed as text to scan from the screen, and as an SVG image with --svg FILE
`;

/** What `technician-token` is given. */
export interface TechnicianTokenCommand {
  person: string | undefined;
  kiosk: string | undefined;
  office: string | undefined;
  hours: string | undefined;
  svg: string | undefined;
}

/** Where the command runs: the hub's stores and files (the technician key), who acts, where it prints. */
export interface TechnicianCliDeps {
  store: TechnicianStore;
  /** The path the technician key sits beside (`HubStores.filesAnchor`). */
  filesAnchor: string;
  repository: HubRepository;
  actor: string;
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
}

/**
 * `technician-token`: signs a technician QR token with the hub's technician key (the same key the
 * running hub gives its kiosks; created on first use, encrypted with the hub's key secret), records
 * it, and prints it once: its text, what it admits, and the QR code (as text, or an SVG file).
 */
export async function runTechnicianTokenCommand(
  command: TechnicianTokenCommand,
  deps: TechnicianCliDeps,
): Promise<void> {
  if (command.person === undefined || (command.kiosk === undefined) === (command.office === undefined)) {
    throw new Error(`technician-token needs --person and one of --kiosk or --office\n${TECHNICIAN_TOKEN_USAGE}`);
  }
  const tokens = new TechnicianTokens({
    key: loadOrCreateTechnicianKey(deps.filesAnchor, { env: deps.env }),
    store: deps.store,
    repository: deps.repository,
  });
  const scope =
    command.kiosk === undefined
      ? { kind: 'office' as const, id: command.office ?? '' }
      : { kind: 'kiosk' as const, id: command.kiosk };
  const issued = await tokens.issue({
    person: command.person,
    scope,
    hours: Number(command.hours ?? '8'),
    issuer: deps.actor,
  });
  if (!issued.ok) throw new Error(issued.problem);
  const qr = encodeQr(issued.token);
  // The only place the token ever appears: give it to the technician, then it is gone.
  deps.out(issued.token);
  deps.out(
    `${issued.record.person}: ${scope.kind} ${scope.id}, valid until ${issued.record.expiresAt} (nonce ${issued.record.nonce})`,
  );
  if (command.svg === undefined) {
    for (const line of qrTextLines(qr)) deps.out(line);
  } else {
    // A bearer pass until it expires: readable by its owner only.
    writeFileSync(command.svg, qrSvg(qr, 8, `QR-код техника ${issued.record.person}`), { mode: 0o600 });
    deps.out(`QR code written to ${command.svg}`);
  }
}

/** The QR code as terminal text: two module rows per line in half blocks, dark on a light quiet zone. */
export function qrTextLines(qr: QrCode): string[] {
  const quiet = 2;
  const light = (x: number, y: number) => (x < 0 || y < 0 || x >= qr.size || y >= qr.size ? true : !qr.dark(x, y));
  const lines: string[] = [];
  for (let y = -quiet; y < qr.size + quiet; y += 2) {
    let line = '';
    for (let x = -quiet; x < qr.size + quiet; x += 1) {
      // Light modules are printed as ink (a dark terminal shows the code as a light QR on black).
      const top = light(x, y);
      const bottom = light(x, y + 1);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return lines;
}

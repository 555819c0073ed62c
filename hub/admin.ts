/**
 * The hub's admin command line (see docs/operations/hub.md):
 *
 *   node dist/hub/admin.js create-enrollment-code --kiosk ID --office mfc-demo-01 [--hours 72]
 *   node dist/hub/admin.js revoke-kiosk KIOSK_ID
 *   node dist/hub/admin.js list-pending
 *   node dist/hub/admin.js approve-kiosk REQUEST_ID
 *   node dist/hub/admin.js reject-kiosk REQUEST_ID
 *   node dist/hub/admin.js list-kiosks
 *   node dist/hub/admin.js list-audit
 *   node dist/hub/admin.js backup /var/backups/okno-hub/hub-2026-11-23.sqlite
 *   node dist/hub/admin.js create-operator-token --office mfc-demo-01 [--label "окно 3"]
 *   node dist/hub/admin.js revoke-operator-token op-1a2b3c4d
 *   node dist/hub/admin.js list-operator-tokens
 *   node dist/hub/admin.js set-catalogue --office mfc-demo-01 [--time-zone Europe/Samara] catalogue.json
 *   node dist/hub/admin.js content publish DIR --office mfc-demo-01 [--stage 10%] --key publisher.key
 *     (and the other content commands: `admin.js content --help`, docs/operations/content.md)
 *   node dist/hub/admin.js command issue KIOSK_ID service.out [--ttl 10m] [--param hours="пн–пт 8–20"]
 *     (and `command list KIOSK_ID`, `command audit KIOSK_ID`: docs/operations/fleet.md, "Remote commands")
 *   node dist/hub/admin.js console user add anna --role office_head --office mfc-demo-01 < password.txt
 *     (and passwd, disable, list: `admin.js console --help`, docs/operations/fleet.md)
 *   node dist/hub/admin.js technician-token --person "Петров И." --kiosk kiosk-01 [--hours 8] [--svg qr.svg]
 *     (docs/operations/technician/access.md)
 *   node dist/hub/admin.js migrate-store --to postgres://okno@db.example/okno   (docs/operations/hub.md)
 *
 * `--db FILE` or OKNO_HUB_DB names the database, as for the hub; it may be running. Every change
 * is written to the admin audit with the acting user (`OKNO_ADMIN_ACTOR`, else the OS user).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import {
  defaultAdminActor,
  formatAuditLine,
  formatKioskLine,
  formatOperatorTokenLine,
  formatRequestLine,
  HubAdmin,
} from './admin/admin-commands';
import { COMMAND_USAGE, runCommandCommand } from './admin/command-cli';
import { CONSOLE_USAGE, readAllStdin, runConsoleCommand } from './admin/console-cli';
import { CONTENT_USAGE, runContentCommand } from './admin/content-cli';
import { enrollmentCodeLines, qrencodeDrawer } from './admin/enrollment-qr-output';
import { MIGRATE_STORE_USAGE, runMigrateStore } from './admin/migrate-store-cli';
import { runTechnicianTokenCommand } from './admin/technician-cli';
import { DEFAULT_HUB_DB } from './cli-support';
import { backupSqliteFile } from './db/sqlite/backup-sqlite';
import { openSqliteDatabase } from './db/sqlite/open-sqlite-database';
import { SqliteConsoleStore } from './db/sqlite/sqlite-console-store';
import { SqliteHubRepository } from './db/sqlite/sqlite-hub-repository';
import { createHubLogger } from './server/hub-logger';

const USAGE = `usage: admin.js [--db FILE] <command>
  create-enrollment-code --kiosk KIOSK_ID --office OFFICE_ID [--hours 72]
                                                                       a one-time code for that kiosk id only
  revoke-kiosk KIOSK_ID                                                its credential stops working; it may re-enroll
  list-pending                                                         fleet-token requests waiting for approval
  approve-kiosk REQUEST_ID                                             the kiosk collects its credential
  reject-kiosk REQUEST_ID                                              the request is refused
  list-kiosks                                                          id, office, enrollment, last contact, state
  list-audit                                                           who did what, the newest first
  backup FILE                                                          a consistent copy, also of a running hub
  create-operator-token --office OFFICE_ID [--label TEXT]              a bearer token for an office's operators
  revoke-operator-token TOKEN_ID                                       the operator token stops working
  list-operator-tokens                                                 id, office, label, created, state
  set-catalogue --office OFFICE_ID [--time-zone ZONE] FILE             the office's services catalogue (JSON)
  content …                                                            signed content releases (admin.js content --help)
  command issue|list|audit …                                           remote commands to a kiosk (admin.js command --help)
  console user …                                                       web console users (admin.js console --help)
  technician-token --person NAME (--kiosk ID | --office ID) [--hours 8] [--svg FILE]
                                                                       a technician's QR code (1 to 12 hours)
  migrate-store --to postgres://…                                      the whole file into an empty PostgreSQL database
`;

// `content …`, `command …` and `console …` have options of their own: each is parsed apart, after the database (`--db FILE` only).
const rawArgs = process.argv.slice(2);

/** Runs `admin.js [--db FILE] <group> …` and exits when the arguments name that group; returns otherwise. */
async function runCommandGroup(
  group: string,
  usage: string,
  run: (args: string[], db: Database.Database) => void | Promise<void>,
): Promise<void> {
  const at = rawArgs.indexOf(group);
  if (at < 0 || !(at === 0 || (at === 2 && rawArgs[0] === '--db'))) return;
  const groupArgs = rawArgs.slice(at + 1);
  if (groupArgs.length === 0 || groupArgs.includes('--help')) {
    process.stdout.write(usage);
    process.exit(groupArgs.length === 0 ? 2 : 0);
  }
  const { db } = openSqliteDatabase((at === 2 ? rawArgs[1] : undefined) ?? process.env.OKNO_HUB_DB ?? DEFAULT_HUB_DB);
  try {
    await run(groupArgs, db);
  } catch (error) {
    process.stderr.write(`okno hub admin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
  process.exit();
}

const out = (line: string) => process.stdout.write(`${line}\n`);
await runCommandGroup('content', CONTENT_USAGE, (args, db) =>
  runContentCommand(args, { db, dbPath: db.name, actor: defaultAdminActor(), now: () => new Date(), out }),
);
await runCommandGroup('command', COMMAND_USAGE, (args, db) =>
  runCommandCommand(args, {
    db,
    actor: defaultAdminActor(),
    now: () => new Date(),
    out,
    logger: createHubLogger({ level: 'warn' }),
  }),
);
await runCommandGroup('console', CONSOLE_USAGE, (args, db) =>
  runConsoleCommand(args, {
    store: new SqliteConsoleStore(db),
    actor: defaultAdminActor(),
    now: () => new Date(),
    out,
    readStdin: readAllStdin,
  }),
);
await runCommandGroup('migrate-store', MIGRATE_STORE_USAGE, (args, db) => runMigrateStore(args, { db, out }));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string' },
    office: { type: 'string' },
    kiosk: { type: 'string' },
    hours: { type: 'string' },
    'ttl-hours': { type: 'string' },
    label: { type: 'string', default: 'оператор' },
    'time-zone': { type: 'string' },
    person: { type: 'string' },
    svg: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [command, argument] = positionals;

if (values.help || command === undefined) {
  process.stdout.write(USAGE);
  process.exit(command === undefined && !values.help ? 2 : 0);
}

const dbPath = values.db ?? process.env.OKNO_HUB_DB ?? DEFAULT_HUB_DB;
if (command === 'backup') {
  // Read-only and migration-free: a backup must not change the file it copies.
  try {
    if (!argument) throw new Error('backup needs a destination file');
    const { pages } = await backupSqliteFile(dbPath, argument);
    process.stdout.write(`backed up ${dbPath} to ${argument} (${pages} pages)\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`okno hub admin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const repository = SqliteHubRepository.open(dbPath);
const admin = new HubAdmin(repository);
try {
  switch (command) {
    case 'create-enrollment-code':
    case 'create-code': {
      if (!values.office || !values.kiosk) throw new Error(`${command} needs --kiosk KIOSK_ID and --office OFFICE_ID`);
      const ttlHours = Number(values.hours ?? values['ttl-hours'] ?? '72');
      if (!Number.isInteger(ttlHours) || ttlHours < 1 || ttlHours > 720) {
        throw new Error('--hours must be a whole number from 1 to 720');
      }
      const issued = await admin.createCode(values.office, ttlHours, values.kiosk);
      const office = await repository.findOffice(issued.officeId);
      // The only place the clear code ever appears: give it to the technician, then it is gone.
      for (const line of enrollmentCodeLines(issued, office?.name, qrencodeDrawer)) out(line);
      break;
    }
    case 'revoke-kiosk':
    case 'revoke':
      if (!argument) throw new Error('revoke-kiosk needs a kiosk id');
      await admin.revoke(argument);
      out(`revoked ${argument}`);
      break;
    case 'list-pending':
      for (const request of await admin.listPending()) out(formatRequestLine(request));
      break;
    case 'approve-kiosk': {
      if (!argument) throw new Error('approve-kiosk needs a request id (see list-pending)');
      const request = await admin.approve(argument);
      out(`approved ${request.id}: kiosk ${request.kioskId} of office ${request.officeId} collects its credential`);
      break;
    }
    case 'reject-kiosk': {
      if (!argument) throw new Error('reject-kiosk needs a request id (see list-pending)');
      const request = await admin.reject(argument);
      out(`rejected ${request.id} (kiosk ${request.kioskId})`);
      break;
    }
    case 'list-kiosks':
      for (const kiosk of await admin.listKiosks()) out(formatKioskLine(kiosk));
      break;
    case 'list-audit':
      for (const entry of await admin.listAudit()) out(formatAuditLine(entry));
      break;
    case 'create-operator-token': {
      if (!values.office) throw new Error('create-operator-token needs --office OFFICE_ID');
      const issued = await admin.createOperatorToken(values.office, values.label);
      // The only place the clear token ever appears: give it to the operator, then it is gone.
      out(issued.token);
      out(
        `id ${issued.id}, office ${issued.officeId}, «${issued.label}»; revoke with revoke-operator-token ${issued.id}`,
      );
      break;
    }
    case 'revoke-operator-token':
      if (!argument) throw new Error('revoke-operator-token needs a token id (see list-operator-tokens)');
      await admin.revokeOperatorToken(argument);
      out(`revoked ${argument}`);
      break;
    case 'list-operator-tokens':
      for (const token of await admin.listOperatorTokens()) out(formatOperatorTokenLine(token));
      break;
    case 'set-catalogue': {
      if (!values.office || !argument) throw new Error('set-catalogue needs --office OFFICE_ID and a JSON file');
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(argument, 'utf8'));
      } catch (error) {
        throw new Error(`cannot read ${argument}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await admin.setCatalogue(values.office, json, values['time-zone']);
      out(`catalogue of ${values.office} set from ${argument}`);
      break;
    }
    case 'technician-token': {
      const { db } = openSqliteDatabase(dbPath);
      try {
        await runTechnicianTokenCommand(
          { person: values.person, kiosk: values.kiosk, office: values.office, hours: values.hours, svg: values.svg },
          { db, dbPath, repository, actor: defaultAdminActor(), env: process.env, out },
        );
      } finally {
        db.close();
      }
      break;
    }
    default:
      throw new Error(`unknown command ${command}\n${USAGE}`);
  }
} catch (error) {
  process.stderr.write(`okno hub admin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await repository.close();
}

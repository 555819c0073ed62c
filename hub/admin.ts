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
 * `--db FILE` or OKNO_HUB_DB names the SQLite database, as for the hub; it may be running. A hub
 * on PostgreSQL is named as `main.js` names it: `--store postgres://… --data-dir DIR` (or
 * OKNO_HUB_STORE, OKNO_HUB_DATA_DIR), before the command:
 *
 *   node dist/hub/admin.js --store postgres://okno@db1/okno --data-dir /srv/okno-hub list-pending
 *
 * and a command issued or a release published there reaches the running instances at once (their
 * change signals). Every change is written to the admin audit with the acting user
 * (`OKNO_ADMIN_ACTOR`, else the OS user).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
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
import { chooseHubStore, HUB_STORE_OPTIONS, type HubStoreChoice, type HubStoreFlags, UsageError } from './cli-support';
import { backupSqliteFile } from './db/sqlite/backup-sqlite';
import { openSqliteDatabase } from './db/sqlite/open-sqlite-database';
import { createHubLogger } from './server/hub-logger';
import { type HubStores, openPostgresStores, openSqliteStores } from './server/hub-stores';

const USAGE = `usage: admin.js [--db FILE | --store postgres://… --data-dir DIR] <command>
  create-enrollment-code --kiosk KIOSK_ID --office OFFICE_ID [--hours 72]
                                                                       a one-time code for that kiosk id only
  revoke-kiosk KIOSK_ID                                                its credential stops working; it may re-enroll
  list-pending                                                         fleet-token requests waiting for approval
  approve-kiosk REQUEST_ID                                             the kiosk collects its credential
  reject-kiosk REQUEST_ID                                              the request is refused
  list-kiosks                                                          id, office, enrollment, last contact, state
  list-audit                                                           who did what, the newest first
  backup FILE                                                          a consistent copy of the SQLite file, also of a
                                                                       running hub (on PostgreSQL: pg_dump)
  create-operator-token --office OFFICE_ID [--label TEXT]              a bearer token for an office's operators
  revoke-operator-token TOKEN_ID                                       the operator token stops working
  list-operator-tokens                                                 id, office, label, created, state
  set-catalogue --office OFFICE_ID [--time-zone ZONE] FILE             the office's services catalogue (JSON)
  content …                                                            signed content releases (admin.js content --help)
  command issue|list|audit …                                           remote commands to a kiosk (admin.js command --help)
  console user …                                                       web console users (admin.js console --help)
  technician-token --person NAME (--kiosk ID | --office ID) [--hours 8] [--svg FILE]
                                                                       a technician's QR code (1 to 12 hours)
  migrate-store --to postgres://…                                      the SQLite file (--db) into an empty PostgreSQL database
The database: --db FILE (OKNO_HUB_DB) for SQLite; --store URL --data-dir DIR (OKNO_HUB_STORE,
OKNO_HUB_DATA_DIR) for PostgreSQL, the same as the hub's (docs/operations/hub.md).
`;

type StoreFlag = keyof typeof HUB_STORE_OPTIONS;
const isStoreFlag = (name: string): name is StoreFlag => Object.hasOwn(HUB_STORE_OPTIONS, name);

/**
 * The database flags before a command group (`--db FILE`, `--store URL`, `--data-dir DIR`, also
 * as `--flag=value`), and what follows them: the group parses its own options apart.
 */
function leadingStoreFlags(args: readonly string[]): { flags: HubStoreFlags; rest: string[] } {
  const flags: HubStoreFlags = {};
  let at = 0;
  while (at < args.length) {
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(args[at] ?? '');
    const name = match?.[1];
    if (name === undefined || !isStoreFlag(name)) break;
    const value = match?.[2] ?? args[at + 1];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
    at += match?.[2] === undefined ? 2 : 1;
  }
  return { flags, rest: args.slice(at) };
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const logger = createHubLogger({ level: 'warn' });
/** Who acts, when and where it prints: alike for every command group. */
const session = () => ({ actor: defaultAdminActor(), now: () => new Date(), out });

/** The hub's stores, as the CLI needs them: no background writer, no LISTEN connection (it only tells). */
function openStores(choice: HubStoreChoice): Promise<HubStores> {
  return choice.kind === 'postgres'
    ? openPostgresStores(choice.url, { dataDir: choice.dataDir, logger, poolSize: 2, listen: false })
    : openSqliteStores(choice.dbPath, { logger, backgroundWrites: false });
}

/** Where the hub's files are (content, technician key); a database in memory has none. */
function filesAnchorOf(stores: HubStores): string {
  if (stores.filesAnchor === undefined) throw new Error('a database in memory has no content or key files');
  return stores.filesAnchor;
}

/** Runs `work` on the opened stores and closes them, whatever happens. */
async function withStores(choice: HubStoreChoice, work: (stores: HubStores) => Promise<void>): Promise<void> {
  const stores = await openStores(choice);
  try {
    await work(stores);
  } finally {
    await stores.close();
  }
}

/** The command groups, each with its own options after its name. */
const GROUPS: Record<string, { usage: string; run: (args: string[], choice: HubStoreChoice) => Promise<void> }> = {
  content: {
    usage: CONTENT_USAGE,
    run: (args, choice) =>
      withStores(choice, (stores) =>
        runContentCommand(args, {
          store: stores.content,
          filesAnchor: filesAnchorOf(stores),
          signals: stores.signals,
          logger,
          ...session(),
        }),
      ),
  },
  command: {
    usage: COMMAND_USAGE,
    run: (args, choice) =>
      withStores(choice, (stores) =>
        runCommandCommand(args, {
          store: stores.commands,
          repository: stores.repository,
          signals: stores.signals,
          ...session(),
          logger,
        }),
      ),
  },
  console: {
    usage: CONSOLE_USAGE,
    run: (args, choice) =>
      withStores(choice, (stores) =>
        runConsoleCommand(args, {
          store: stores.console,
          ...session(),
          readStdin: readAllStdin,
        }),
      ),
  },
  'migrate-store': {
    usage: MIGRATE_STORE_USAGE,
    run: async (args, choice) => {
      if (choice.kind !== 'sqlite') {
        throw new UsageError(
          'migrate-store copies a SQLite file (--db FILE) into PostgreSQL (--to postgres://…): name the file, not --store',
        );
      }
      const { db } = openSqliteDatabase(choice.dbPath);
      try {
        await runMigrateStore(args, { db, out });
      } finally {
        db.close();
      }
    },
  },
};

/** `admin.js [store flags] <group> …`, or undefined when the arguments name no group. */
async function runGroup(): Promise<number | undefined> {
  const { flags, rest } = leadingStoreFlags(process.argv.slice(2));
  const [name = '', ...args] = rest;
  const group = GROUPS[name];
  if (group === undefined) return undefined;
  if (args.length === 0 || args.includes('--help')) {
    process.stdout.write(group.usage);
    return args.length === 0 ? 2 : 0;
  }
  const misplaced = args.find((arg) => isStoreFlag(/^--([a-z-]+)/.exec(arg)?.[1] ?? ''));
  if (misplaced !== undefined)
    throw new UsageError(
      `${misplaced.split('=')[0]} goes before the command: admin.js ${misplaced.split('=')[0]} … ${name} …`,
    );
  await group.run(args, chooseHubStore(flags, process.env));
  return 0;
}

/** The single commands (`create-enrollment-code`, `backup`, …). */
async function runSingle(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      ...HUB_STORE_OPTIONS,
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
    return command === undefined && !values.help ? 2 : 0;
  }
  const choice = chooseHubStore(values, process.env);
  if (command === 'backup') {
    if (choice.kind !== 'sqlite') {
      throw new UsageError(
        'backup copies the SQLite file; back up a hub on PostgreSQL with pg_dump (docs/operations/hub.md, "PostgreSQL")',
      );
    }
    // Read-only and migration-free: a backup must not change the file it copies.
    if (!argument) throw new Error('backup needs a destination file');
    const { pages } = await backupSqliteFile(choice.dbPath, argument);
    out(`backed up ${choice.dbPath} to ${argument} (${pages} pages)`);
    return 0;
  }
  await withStores(choice, async (stores) => {
    const { repository } = stores;
    const admin = new HubAdmin(repository);
    switch (command) {
      case 'create-enrollment-code':
      case 'create-code': {
        if (!values.office || !values.kiosk)
          throw new Error(`${command} needs --kiosk KIOSK_ID and --office OFFICE_ID`);
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
      case 'technician-token':
        await runTechnicianTokenCommand(
          { person: values.person, kiosk: values.kiosk, office: values.office, hours: values.hours, svg: values.svg },
          {
            store: stores.technician,
            filesAnchor: filesAnchorOf(stores),
            repository,
            actor: defaultAdminActor(),
            env: process.env,
            out,
          },
        );
        break;
      default:
        throw new Error(`unknown command ${command}\n${USAGE}`);
    }
  });
  return 0;
}

let code: number;
try {
  code = (await runGroup()) ?? (await runSingle());
} catch (error) {
  process.stderr.write(`okno hub admin: ${error instanceof Error ? error.message : String(error)}\n`);
  // A wrong combination of flags is the caller's to fix (2), as a missing command is.
  code = error instanceof UsageError ? 2 : 1;
}
process.exit(code);

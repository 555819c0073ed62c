import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONSOLE_ROLES, type ConsoleRole } from '../console/console-roles';
import type { ConsoleStore } from '../console/console-store';
import { hashPassword, passwordProblem, type ScryptCost } from '../console/password-hash';

/** Usage of `admin.js console …`. */
export const CONSOLE_USAGE = `usage: admin.js [--db FILE | --store postgres://… --data-dir DIR] console user <command>
  user add LOGIN --role ROLE [--office OFFICE_ID] [--password-file FILE]
                                    a console user; ROLE: regional_admin, office_head (needs --office), technician
  user passwd LOGIN [--password-file FILE]
                                    a new password; the user's sessions end
  user disable LOGIN                the user can no longer sign in; their sessions end
  user list                         login, role, office, state
The password is read from --password-file, else from the first line of standard input; never
from the command line, where other users of the machine could read it.
`;

/** What a console command works with. */
export interface ConsoleCommandContext {
  readonly store: ConsoleStore;
  readonly actor: string;
  readonly now: () => Date;
  readonly out: (line: string) => void;
  /** The password when no file is named: the first line of standard input. */
  readonly readStdin: () => Promise<string>;
  /** Tests lower it; the default otherwise. */
  readonly cost?: ScryptCost;
}

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Runs `console user <command> …`; throws an Error with a clear message when it cannot. */
export async function runConsoleCommand(args: readonly string[], context: ConsoleCommandContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      office: { type: 'string' },
      'password-file': { type: 'string' },
    },
  });
  const [noun, command, login] = positionals;
  if (noun !== 'user') throw new Error(`unknown console command ${noun ?? ''}\n${CONSOLE_USAGE}`);
  const at = context.now().toISOString();
  const audit = (action: string, subject: string, detail: Record<string, string> = {}) =>
    context.store.appendAudit({ at, actor: `cli:${context.actor}`, action, subject, detail });
  const password = async () => {
    const file = values['password-file'];
    const text = file === undefined ? await context.readStdin() : readFileSync(file, 'utf8');
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const problem = passwordProblem(first);
    if (problem) throw new Error(problem);
    return hashPassword(first, context.cost);
  };
  const requireLogin = () => {
    if (login === undefined || !LOGIN.test(login)) {
      throw new Error('name the user: 2 to 64 characters of a-z, 0-9, dot, dash or underscore');
    }
    return login;
  };

  switch (command) {
    case 'add': {
      const name = requireLogin();
      const role = values.role as ConsoleRole | undefined;
      if (role === undefined || !CONSOLE_ROLES.includes(role)) {
        throw new Error(`--role must be one of ${CONSOLE_ROLES.join(', ')}`);
      }
      if (role === 'office_head' && values.office === undefined)
        throw new Error('an office_head needs --office OFFICE_ID');
      if (role === 'regional_admin' && values.office !== undefined)
        throw new Error('a regional_admin sees every office: no --office');
      if (values.office !== undefined && !(await context.store.listOffices()).some((o) => o.id === values.office)) {
        throw new Error(`no office ${values.office}`);
      }
      if (await context.store.findUser(name)) throw new Error(`user ${name} exists (use console user passwd)`);
      const passwordHash = await password();
      await context.store.addUser({
        login: name,
        role,
        ...(values.office ? { officeId: values.office } : {}),
        passwordHash,
        at,
      });
      await audit('user_added', name, { role, ...(values.office ? { office: values.office } : {}) });
      context.out(`added ${name} (${role}${values.office ? `, office ${values.office}` : ''})`);
      return;
    }
    case 'passwd': {
      const name = requireLogin();
      if (!(await context.store.findUser(name))) throw new Error(`no user ${name}`);
      await context.store.setPassword(name, await password(), at);
      await audit('password_set', name);
      context.out(`password of ${name} changed; their sessions ended`);
      return;
    }
    case 'disable': {
      const name = requireLogin();
      if (!(await context.store.disableUser(name, at))) throw new Error(`no user ${name}`);
      await audit('user_disabled', name);
      context.out(`disabled ${name}; their sessions ended`);
      return;
    }
    case 'list':
      for (const user of await context.store.listUsers()) {
        context.out(
          [
            user.login,
            user.role,
            user.officeId ?? '*',
            user.disabledAt === undefined ? 'active' : `disabled ${user.disabledAt}`,
          ].join('\t'),
        );
      }
      return;
    default:
      throw new Error(`unknown console command user ${command ?? ''}\n${CONSOLE_USAGE}`);
  }
}

/** Standard input as text (the CLI's password when no file is named). */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

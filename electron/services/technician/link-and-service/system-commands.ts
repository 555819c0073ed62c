import { execFile } from 'node:child_process';

/** What an OS command answered. */
export interface CommandOutput {
  /** The exit code; null when it was killed (timeout) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs OS commands (`timedatectl`, `lsblk`, `udisksctl`, `mount`): the only way the technician
 * pages touch the system, so tests replace the commands and nothing else. Never a shell: the
 * program and its arguments are passed as they are.
 */
export interface SystemCommands {
  run(program: string, args: readonly string[]): Promise<CommandOutput>;
}

/** How long one OS command may take (udisksctl waits for the kernel; a hung one must not hang the page). */
const COMMAND_TIMEOUT_MS = 30_000;

/** The real commands, through `execFile` (no shell), in the C locale (their output is parsed). */
export const realSystemCommands: SystemCommands = {
  run: (program, args) =>
    new Promise((resolve) => {
      execFile(
        program,
        [...args],
        { timeout: COMMAND_TIMEOUT_MS, maxBuffer: 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
        (error, stdout, stderr) => {
          if (error === null) return resolve({ code: 0, stdout, stderr });
          const code = typeof error.code === 'number' ? error.code : null;
          // A program that is not installed answers like a failed one, with the reason.
          resolve({ code, stdout: stdout ?? '', stderr: stderr || error.message });
        },
      );
    }),
};

/** The first line of a command's complaint, short enough for a log line or the technician's screen. */
export function commandProblem(output: CommandOutput): string {
  const line = output.stderr.split('\n').find((text) => text.trim() !== '') ?? `exit code ${output.code}`;
  return line.trim().slice(0, 200);
}

/**
 * The shape of one `rnnlab` subcommand. Each lives in `commands/<name>.ts`; `main.ts` parses the
 * arguments with `node:util` `parseArgs` against `options` and calls `run`.
 */
import type { ParseArgsConfig } from 'node:util';

/** Where a command writes. Tests pass their own to capture output; `main.ts` passes the process's. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  /** The workspace folder: data files must lie inside it. The CLI uses the current directory. */
  cwd: string;
  /**
   * Aborted by Ctrl-C or SIGTERM (its reason: `SIGINT` or `SIGTERM`) for commands that are
   * `interruptible`; `main.ts` installs the handlers before the command starts.
   */
  signal?: AbortSignal;
}

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliCommand {
  name: string;
  /** One line for `rnnlab --help`. */
  summary: string;
  /** Usage line(s) after `rnnlab `, e.g. `validate FILE...`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Whether Ctrl-C/SIGTERM stop it cleanly through `io.signal` (else they exit at once). */
  interruptible?: boolean;
  run(args: { positionals: string[]; values: ParsedValues; io: CliIO }): Promise<number>;
}

/** Exit codes, as documented in `rnnlab --help`. */
export const EXIT = {
  ok: 0,
  /** Training ran but failed (NaN loss, backend failure). */
  failed: 1,
  /** Bad input: invalid spec, bad arguments, missing file. */
  usage: 2,
  /** Stopped by the user (Ctrl-C). */
  interrupted: 130,
  /** Stopped by SIGTERM (after saving what there was, like Ctrl-C). */
  terminated: 143,
} as const;

/** Thrown for bad input a command found; main prints the message alone, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

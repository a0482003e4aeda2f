/**
 * Ctrl-C (SIGINT) and SIGTERM from the first moment of a command. A command that can stop
 * cleanly (`train`, `compare`: `CliCommand.interruptible`) gets an `AbortSignal` whose reason is
 * the signal's name: it stops after the current batch, or between the gate blocks of a model
 * being built, keeps what it has saved and exits 130 (SIGINT) or 143 (SIGTERM). Any other command
 * exits at once with that code. A second signal always exits at once.
 */
import { EXIT, type CliIO } from './command';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit status for a run stopped by `signal`, as shells report a process it ended. */
export function exitCodeFor(signal: unknown): number {
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

export interface Interrupts {
  /** Aborted, with the signal's name as reason, by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Installs the handlers for one command. `interruptible` false: the first signal exits at once
 * (there is nothing to save, and nothing would listen to the signal).
 */
export function installInterrupts(
  interruptible: boolean,
  exit: (code: number) => void = (code) => process.exit(code),
): Interrupts {
  const controller = new AbortController();
  const on = (name: StopSignal) => () => {
    if (controller.signal.aborted || !interruptible) exit(exitCodeFor(name));
    else controller.abort(name);
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/** The command's stop signal (Ctrl-C, SIGTERM), or one that never fires. */
export function stopSignal(io: CliIO): AbortSignal {
  return io.signal ?? new AbortController().signal;
}

/** The exit status of a command stopped by `signal` (130 for Ctrl-C, 143 for SIGTERM). */
export function stoppedExitCode(signal: AbortSignal): number {
  return exitCodeFor(signal.reason);
}

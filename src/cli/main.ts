/**
 * `rnnlab`: the lab's engine on the command line. One module per subcommand in `commands/`;
 * this file parses arguments (`node:util` parseArgs) and turns bad input into a message and an
 * exit code, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { CliError, EXIT, type CliCommand, type CliIO } from './command';
import { bottleneckCommand } from './commands/bottleneck';
import { compareCommand } from './commands/compare';
import { exportCommand } from './commands/export';
import { inspectCommand } from './commands/inspect';
import { sampleCommand } from './commands/sample';
import { sweepCommand } from './commands/sweep';
import { tasksCommand } from './commands/tasks';
import { trainCommand } from './commands/train';
import { validateCommand } from './commands/validate';
import { installInterrupts } from './interrupt';
import { quietOnClosedPipe } from './closedPipe';

export const COMMANDS: readonly CliCommand[] = [
  validateCommand,
  tasksCommand,
  sampleCommand,
  trainCommand,
  inspectCommand,
  compareCommand,
  bottleneckCommand,
  sweepCommand,
  exportCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'rnnlab: train recurrent networks on sequence tasks and look inside them',
    '',
    'usage:',
    ...COMMANDS.map((c) => `  rnnlab ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 training failed, 2 bad input (spec, data, arguments),',
    '130 stopped by Ctrl-C, 143 stopped by SIGTERM (train and compare keep what they saved).',
    'Add --json for machine-readable output on stdout.',
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    io.stdout(`${process.env.RNNLAB_VERSION ?? 'dev'}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`rnnlab: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(`usage: rnnlab ${command.usage}\n${command.summary}\n`);
      return EXIT.ok;
    }
    return await command.run({ positionals, values, io });
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    // parseArgs reports unknown or malformed options with a code; say it plainly.
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`rnnlab ${name}: ${(error as Error).message}\nusage: rnnlab ${command.usage}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

// Run only as the program, not when a test imports this module.
if (require.main === module) {
  const argv = process.argv.slice(2);
  // From the first moment: Ctrl-C and SIGTERM stop a training cleanly, anything else at once.
  const interrupts = installInterrupts(
    COMMANDS.find((c) => c.name === argv[0])?.interruptible ?? false,
  );
  // `rnnlab inspect --json | head`: the reader went away; stop writing, quietly.
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const io: CliIO = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    signal: interrupts.signal,
  };
  runCli(argv, io).then(
    (code) => {
      interrupts.dispose();
      process.exitCode = code;
    },
    (error: unknown) => {
      // A bug, not bad input: say so briefly, with the stack only when asked for.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`rnnlab: internal error: ${message}\n`);
      if (process.env.RNNLAB_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
      else process.stderr.write('(set RNNLAB_DEBUG=1 for details)\n');
      process.exitCode = EXIT.failed;
    },
  );
}

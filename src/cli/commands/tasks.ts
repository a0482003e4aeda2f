import { TASK_INFO, TASK_KINDS } from '../../spec/taskKinds';
import { EXIT, type CliCommand } from '../command';

/** The smallest spec that trains each kind: what `rnnlab tasks` prints as a starting point. */
export function exampleSpec(kind: (typeof TASK_KINDS)[number]): Record<string, unknown> {
  const info = TASK_INFO[kind];
  const task: Record<string, unknown> = { kind };
  if (kind === 'text') {
    task.text = 'the quick brown fox jumps over the lazy dog. '.repeat(8);
    task.length = 16;
    task.testSamples = 20;
  }
  if (kind === 'examples') {
    task.examples = ['cat', 'dog', 'bird', 'fish', 'cow', 'horse', 'sheep', 'goat'].map((w) => ({
      input: w,
      target: [...w].reverse().join(''),
    }));
  }
  if (kind === 'series') {
    Object.assign(task, {
      file: 'series.csv',
      idColumn: 'id',
      labelColumn: 'label',
      channels: ['x', 'y'],
    });
  }
  if (kind === 'audio') task.file = 'audio';
  return {
    name: kind,
    task,
    model: { cell: 'lstm', hidden: 32, architecture: info.defaultArchitecture },
    train: { epochs: 10 },
  };
}

export const tasksCommand: CliCommand = {
  name: 'tasks',
  summary: 'List the built-in task kinds with what they show and an example spec.',
  usage: 'tasks [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, io }) {
    if (values.json) {
      const list = TASK_KINDS.map((kind) => ({
        kind,
        ...TASK_INFO[kind],
        example: exampleSpec(kind),
      }));
      io.stdout(`${JSON.stringify(list)}\n`);
      return EXIT.ok;
    }
    const width = Math.max(...TASK_KINDS.map((k) => k.length));
    for (const kind of TASK_KINDS) {
      const info = TASK_INFO[kind];
      io.stdout(`${kind.padEnd(width)}  ${info.summary}\n`);
      io.stdout(`${''.padEnd(width)}  shows: ${info.shows}\n`);
      io.stdout(
        `${''.padEnd(width)}  architectures: ${info.architectures.join(', ')} (default ${info.defaultArchitecture})\n`,
      );
      io.stdout(`${''.padEnd(width)}  example: ${JSON.stringify(exampleSpec(kind))}\n\n`);
    }
    return EXIT.ok;
  },
};

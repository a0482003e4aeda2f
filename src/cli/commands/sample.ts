import { buildDataset, describeSample } from '../../tasks/buildDataset';
import { CliError, EXIT, type CliCommand } from '../command';
import { loadCheckedSpec } from '../specFile';

export const sampleCommand: CliCommand = {
  name: 'sample',
  summary: "Print generated samples of a spec's task, so you can see the data it trains on.",
  usage: 'sample FILE [--n 5] [--split train|test] [--json]',
  options: {
    n: { type: 'string', default: '5' },
    split: { type: 'string', default: 'train' },
    json: { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0)
      throw new CliError('usage: rnnlab sample FILE [--n 5]');
    const count = Number(values.n);
    if (!Number.isInteger(count) || count < 1) {
      throw new CliError(`--n must be a positive integer (got ${String(values.n)})`);
    }
    const split = values.split;
    if (split !== 'train' && split !== 'test') {
      throw new CliError(`--split must be "train" or "test" (got ${String(split)})`);
    }
    const { spec, data } = await loadCheckedSpec(file, io);
    const dataset = buildDataset(spec, data);
    const samples = dataset[split].slice(0, count).map((s) => describeSample(dataset, s));
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ task: spec.task.kind, architecture: dataset.architecture, split, samples })}\n`,
      );
      return EXIT.ok;
    }
    io.stdout(
      `${spec.name}: ${spec.task.kind}, ${dataset.architecture}, ` +
        `${dataset.train.length} train / ${dataset.test.length} test samples (seed ${spec.train.seed})\n`,
    );
    const width = Math.min(60, Math.max(5, ...samples.map((s) => s.input.length)));
    io.stdout(`${'input'.padEnd(width)}  ->  target\n`);
    for (const sample of samples)
      io.stdout(`${sample.input.padEnd(width)}  ->  ${sample.target}\n`);
    return EXIT.ok;
  },
};

/** The README of an exported PyTorch project: what it is, the commands, what is exact. */
import type { SeqModel } from '../../engine/seqModel';
import type { Dataset } from '../../tasks/dataset';
import type { WeightsSource } from './weightsSource';

const FENCE = '```';

export function projectReadme(model: SeqModel, dataset: Dataset, source: WeightsSource): string {
  const { spec } = model;
  const m = spec.model;
  const t = spec.train;
  const what =
    m.architecture === 'seq2seq'
      ? `Seq2Seq, ${m.layers}-layer ${m.cell.toUpperCase()} encoder and decoder of ${m.hidden} ` +
        `units, attention: ${m.attention}`
      : `${m.architecture}, ${m.layers}-layer ${m.cell.toUpperCase()} of ${m.hidden} units`;
  const weights =
    source.kind === 'run'
      ? `the weights of run \`${source.run}\` after epoch ${source.epoch}`
      : `the lab's seeded initial weights (seed ${t.seed}), so PyTorch starts where the lab would`;
  const clip = [
    t.clipNorm !== undefined ? `global norm ${t.clipNorm}` : '',
    t.clipValue !== undefined ? `value ${t.clipValue}` : '',
  ].filter(Boolean);
  return [
    `# ${spec.name}: the RNN Lab model in PyTorch`,
    '',
    `Exported by \`rnnlab export --to pytorch\`: ${what}, with ${weights}.`,
    `Task \`${spec.task.kind}\`: ${dataset.train.length} training and ${dataset.test.length} ` +
      'test samples, the splits the lab trained on (`data/`).',
    '',
    'Needs Python 3 and PyTorch (1.13 or later), nothing else.',
    '',
    '## Commands',
    '',
    FENCE + 'sh',
    'python3 train.py --check                 # every step of the stored inputs against the lab',
    'python3 train.py                         # train on one process (--device cuda for a GPU)',
    'torchrun --nproc_per_node=4 train.py     # data-parallel: gloo on CPUs, NCCL on GPUs',
    'python3 train.py --trace "INPUT"         # one input\'s per-step states as JSON',
    FENCE,
    '',
    "Debian 12's `python3-torch` (PyTorch 1.13 on Python 3.11) has a launcher bug: `torchrun`'s",
    "default output settings fail with `AttributeError: 'NoneType' object has no attribute",
    "'get'` (Python 3.11 no longer lists the zero flag it looks up). There, run",
    '`torchrun --redirects 1 --tee 1 --nproc_per_node=2 train.py`; later PyTorch needs no flags.',
    '',
    'Training writes `runs/pytorch/metrics.jsonl` (the events the lab writes, one JSON object a',
    "line), `runs/pytorch/weights.json` (after every epoch, in the lab's format) and",
    '`runs/pytorch/checkpoint.pt` (`torch.save` of the model and optimizer). `--out DIR` moves',
    "them, `--epochs N` changes the count, `--pytorch-init` starts from PyTorch's own random",
    "weights instead of the lab's.",
    '',
    'Back in the lab:',
    '',
    FENCE + 'sh',
    'rnnlab inspect --torch runs/pytorch/weights.json --input "INPUT"',
    FENCE,
    '',
    'or, in VS Code, **RNN Lab: Import Weights…** on `runs/pytorch/weights.json`: the trained model',
    "opens in the lab's inspector, every gate of every step.",
    '',
    '## Files',
    '',
    "- `model.py`: the model. The recurrent stacks are PyTorch's `nn.RNN` / `nn.LSTM` / `nn.GRU`,",
    "  which compute the lab's cells exactly (LSTM gates i, f, g, o; GRU gates r, z, n, reset",
    '  after the recurrent matrix); small explicit cells beside them give every gate for `--check`.',
    '- `data.py`: reads `data/train.jsonl` and `data/test.jsonl` and batches by input length.',
    '- `train.py`: training, evaluation, checkpoints, DistributedDataParallel under `torchrun`.',
    '- `check.py`: the per-step traces and the comparison with `check/cases.json`.',
    '- `config.json`: the resolved spec and the vocabularies; `weights.json`: the weights.',
    '',
    '## What is exact and what is not',
    '',
    '- Exact (float32, to 1e-5): the function. `--check` replays the stored inputs through',
    "  these weights and compares every step's h, c, gates, outputs, context vector and attention",
    "  weights with the lab's; it also holds `nn." +
      { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' }[m.cell] +
      '` to the explicit cells.',
    '- The same: the data splits, the starting weights, the loss (cross-entropy per target token,',
    '  padding ignored; or the mean squared error), the test metrics, batch size and bucketing by',
    `  input length, optimizer \`${t.optimizer}\` with learning rate ${t.learningRate}` +
      (clip.length ? `, clipping (${clip.join(', ')})` : '') +
      (m.architecture === 'seq2seq' ? `, teacher forcing ${t.teacherForcing}` : '') +
      '.',
    '- Not bit-for-bit: the training trajectory. The order of the batches and the teacher-forcing',
    "  draws come from Python's random generator (seeded from the spec's seed), not the lab's;",
    '  float sums run in another order; RMSProp adds its epsilon outside the square root in',
    '  PyTorch and inside in TensorFlow.js. With N processes each step averages N batches.',
    "- Not here: the lab's per-step gradient heatmaps and gate statistics (`gates` is empty in",
    '  the epoch events).',
    '',
  ].join('\n');
}

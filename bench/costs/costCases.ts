/**
 * What `npm run bench:costs` trains, built from the shipped examples so that each part measures
 * the lab's own lesson settings (one source of truth for them):
 *
 * - cells: `examples/adding.rnnlab.json` at T = 50 (the memory-span lesson's longest T), RNN,
 *   LSTM and GRU at the same hidden size, side by side per seed, for the example's epochs;
 * - length: the same task and training, LSTM only, at several T, side by side, a few epochs, plus
 *   `train.tbptt` at the longest T (the cost of a step with and without truncation);
 * - tbptt: `examples/truncated-bptt.rnnlab.json` (delayed recall, lag 20, GRU 16) over its sweep's
 *   `train.tbptt` values, side by side per seed: the memory span with the time of a step.
 *
 * `small` gives the sizes of the unit test (`test/unit/benchCosts.test.ts`): a second or so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellKind, Spec } from '../../src/spec/specSchema';
import { withFields } from '../../src/spec/sweepGrid';
import type { SweepValue } from '../../src/spec/sweepSchema';
import { validateSpecText } from '../../src/spec/validateSpec';
import type { SideCase } from './sideBySide';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
export const ADDING_EXAMPLE = 'adding.rnnlab.json';
export const TBPTT_EXAMPLE = 'truncated-bptt.rnnlab.json';

export const CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];

export interface CostPlan {
  /** Per seed: one case per cell, trained side by side. */
  cells: SideCase[][];
  /** One group: LSTM at each length, then the truncated ones at the longest. */
  length: SideCase[];
  /** Per seed: one case per `train.tbptt` value of the example's sweep. */
  tbptt: SideCase[][];
  /** What the plan holds, for the report. */
  about: {
    cellsSpec: string;
    lengths: number[];
    lengthTbptt: number[];
    tbpttValues: number[];
    seeds: number[];
  };
}

/** An example's spec (without its sweep and inspect inputs) and its sweep's axes. */
function example(name: string): { base: Spec; axes: Record<string, SweepValue[]>; seeds: number } {
  const checked = validateSpecText(readFileSync(join(EXAMPLES, name), 'utf8'));
  if (!checked.raw || !checked.sweep) throw new Error(`${name}: no valid spec with a sweep`);
  const { inspect: _inspect, ...base } = checked.sweep.base;
  void _inspect;
  return {
    base,
    axes: Object.fromEntries(checked.sweep.axes.map((a) => [a.field, a.values])),
    seeds: checked.sweep.seeds,
  };
}

function numbers(values: SweepValue[] | undefined, what: string): number[] {
  if (!values || values.some((v) => typeof v !== 'number')) throw new Error(`${what}: numbers`);
  return values as number[];
}

const SMALL = {
  cells: { 'task.length': 8, 'task.samples': 64, 'task.testSamples': 16, 'model.hidden': 4 },
  cellEpochs: 2,
  lengths: [4, 8],
  lengthTbptt: [2],
  lengthSizes: { 'task.samples': 32, 'task.testSamples': 8, 'model.hidden': 4 },
  lengthEpochs: 1,
  tbpttValues: [2, 5],
  tbptt: { 'task.lag': 4, 'task.samples': 64, 'task.testSamples': 16, 'model.hidden': 4 },
  tbpttEpochs: 1,
  seeds: 1,
};

const FULL = {
  /** The adding example's length axis ends at 50: the T at which the plain RNN fails. */
  cells: { 'task.length': 50 },
  lengths: [10, 20, 40, 80, 160],
  lengthTbptt: [10, 40],
  /** 8 batches of 32 an epoch, 3 epochs: 24 steps per length, enough for a median. */
  lengthSizes: { 'task.samples': 256, 'task.testSamples': 32 },
  lengthEpochs: 3,
};

export function costPlan(small = false): CostPlan {
  const adding = example(ADDING_EXAMPLE);
  const tbpttExample = example(TBPTT_EXAMPLE);
  const seedCount = small ? SMALL.seeds : adding.seeds;
  const firstSeed = adding.base.train?.seed ?? 1;
  const seeds = Array.from({ length: seedCount }, (_, k) => firstSeed + k);
  const cellSizes: Record<string, SweepValue> = small
    ? { ...SMALL.cells, 'train.epochs': SMALL.cellEpochs }
    : FULL.cells;
  const cells = seeds.map((seed) =>
    CELLS.map((cell) => ({
      id: `${cell} seed ${seed}`,
      spec: withFields(adding.base, { ...cellSizes, 'model.cell': cell, 'train.seed': seed }),
    })),
  );

  const lengths = small ? SMALL.lengths : FULL.lengths;
  const lengthTbptt = small ? SMALL.lengthTbptt : FULL.lengthTbptt;
  const longest = Math.max(...lengths);
  const lengthBase: Record<string, SweepValue> = {
    ...(small ? SMALL.lengthSizes : FULL.lengthSizes),
    'train.epochs': small ? SMALL.lengthEpochs : FULL.lengthEpochs,
    'model.cell': 'lstm',
  };
  const length: SideCase[] = [
    ...lengths.map((T) => ({
      id: `lstm T ${T}`,
      spec: withFields(adding.base, { ...lengthBase, 'task.length': T }),
    })),
    ...lengthTbptt.map((k) => ({
      id: `lstm T ${longest} tbptt ${k}`,
      spec: withFields(adding.base, { ...lengthBase, 'task.length': longest, 'train.tbptt': k }),
    })),
  ];

  const tbpttValues = small
    ? SMALL.tbpttValues
    : numbers(tbpttExample.axes['train.tbptt'], `${TBPTT_EXAMPLE} sweep over train.tbptt`);
  const tbpttSizes: Record<string, SweepValue> = small
    ? { ...SMALL.tbptt, 'train.epochs': SMALL.tbpttEpochs }
    : {};
  const tbpttSeeds = small
    ? seeds
    : Array.from(
        { length: tbpttExample.seeds },
        (_, k) => (tbpttExample.base.train?.seed ?? 1) + k,
      );
  const tbptt = tbpttSeeds.map((seed) =>
    tbpttValues.map((k) => ({
      id: `tbptt ${k} seed ${seed}`,
      spec: withFields(tbpttExample.base, { ...tbpttSizes, 'train.tbptt': k, 'train.seed': seed }),
    })),
  );

  return {
    cells,
    length,
    tbptt,
    about: {
      cellsSpec: `examples/${ADDING_EXAMPLE} at ${Object.entries(cellSizes)
        .map(([f, v]) => `${f} ${String(v)}`)
        .join(', ')}`,
      lengths,
      lengthTbptt,
      tbpttValues,
      seeds,
    },
  };
}

/**
 * A spec (with the lab's seeded initial weights) or a trained run as a self-contained PyTorch
 * project: the Python sources (`python/`), the run's config, its data splits as files, its
 * weights as a PyTorch state dict (`engine/torchModel.ts`) and the inputs `train.py --check`
 * replays with the lab's values for every step (`inspectSequence`, the lab's own inspector).
 *
 * Pure: it returns the files; the CLI and the extension write them (`src/node/exportFolder.ts`).
 */
import type { DatasetMeta } from '../../engine/datasetMeta';
import { datasetMeta } from '../../engine/datasetMeta';
import { inspectSequence, type Inspection } from '../../engine/inspectSequence';
import type { SeqModel } from '../../engine/seqModel';
import { torchModelFile } from '../../engine/torchModel';
import type { Dataset, RealSample, SymbolSample } from '../../tasks/dataset';
import { encodeSymbols } from '../../tasks/vocabulary';
import { CHECK_PY } from './python/checkPy';
import { DATA_PY } from './python/dataPy';
import { MODEL_PY } from './python/modelPy';
import { TRAIN_PY } from './python/trainPy';
import { projectReadme } from './projectReadme';
import type { WeightsSource } from './weightsSource';

export type { WeightsSource } from './weightsSource';

export const EXPORT_TARGETS = ['pytorch'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportRequest {
  /** Built from the spec and the dataset, holding the weights to export. */
  model: SeqModel;
  dataset: Dataset;
  source: WeightsSource;
}

export interface ExportFile {
  /** Relative, with `/`. */
  name: string;
  text: string;
}

/** Test samples replayed by `--check` beside the spec's `inspect.inputs`. */
const CHECK_TEST_SAMPLES = 3;

export interface CheckCase {
  label: string;
  /** Token ids, or [step][feature] values. */
  input: number[] | number[][];
  expected: Inspection;
}

/** The inputs `--check` replays, with the lab's value for every step of each. */
export function checkCases(model: SeqModel, dataset: Dataset): CheckCase[] {
  const meta: DatasetMeta = datasetMeta(dataset);
  const cases: CheckCase[] = [];
  const seen = new Set<string>();
  const add = (
    label: string,
    input: number[] | number[][],
    text: string | number[][],
    space: DatasetMeta = meta,
  ) => {
    const key = JSON.stringify(input);
    if (seen.has(key)) return;
    seen.add(key);
    cases.push({ label, input, expected: inspectSequence(model, space, text) });
  };
  if (meta.type === 'symbols') {
    for (const text of model.spec.inspect.inputs) {
      const ids = encodeSymbols(meta.inputVocab, text);
      if (Array.isArray(ids) && ids.length > 0) add(text, ids, text);
    }
    for (const s of (dataset.test as SymbolSample[]).slice(0, CHECK_TEST_SAMPLES)) {
      const text = s.input.map((id) => meta.inputVocab.tokens[id] ?? '').join('');
      add(`test: ${text}`, s.input, text);
    }
  } else {
    // The samples are already scaled as the model reads them; without the normalization the
    // inspector takes them as they are (and leaves the outputs unscaled), as train.py does.
    const modelSpace: DatasetMeta = { ...meta };
    delete modelSpace.normalization;
    (dataset.test as RealSample[]).slice(0, CHECK_TEST_SAMPLES).forEach((s, k) => {
      add(`test sample ${k + 1}`, s.input, s.input, modelSpace);
    });
  }
  return cases;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;
const jsonLines = (samples: readonly unknown[]) =>
  samples.map((s) => JSON.stringify(s)).join('\n') + '\n';

/** Every file of the project, in the order they are written. */
export function pytorchProject(request: ExportRequest): ExportFile[] {
  const { model, dataset, source } = request;
  const epoch = source.kind === 'run' ? source.epoch : 0;
  const metrics = source.kind === 'run' ? source.metrics : undefined;
  const config = { spec: model.spec, dataset: datasetMeta(dataset), exported: source };
  const strip = (s: SymbolSample | RealSample) => ({ input: s.input, target: s.target });
  return [
    { name: 'README.md', text: projectReadme(model, dataset, source) },
    { name: 'model.py', text: MODEL_PY },
    { name: 'data.py', text: DATA_PY },
    { name: 'check.py', text: CHECK_PY },
    { name: 'train.py', text: TRAIN_PY },
    { name: 'config.json', text: json(config) },
    { name: 'data/train.jsonl', text: jsonLines(dataset.train.map(strip)) },
    { name: 'data/test.jsonl', text: jsonLines(dataset.test.map(strip)) },
    { name: 'weights.json', text: `${JSON.stringify(torchModelFile(model, epoch, metrics))}\n` },
    {
      name: 'check/cases.json',
      text: `${JSON.stringify({ cases: checkCases(model, dataset) })}\n`,
    },
  ];
}

/**
 * What the training commands (`train`, `compare`, `sweep`) do before they train: `--epochs`,
 * `--backend` (the CLI runs in Node: cpu or wasm), the spec checked with its data, the dataset.
 */
import { useBackend } from '../engine/backend';
import { LIMITS } from '../spec/specSchema';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { buildDataset } from '../tasks/buildDataset';
import type { Dataset } from '../tasks/dataset';
import { CliError, type CliIO, type ParsedValues } from './command';
import { displayPath, loadCheckedSpec, type CheckedSpec } from './specFile';

/** `--epochs`: a whole number within the spec's limits, or undefined when not given. */
export function parseEpochs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < LIMITS.epochs.min || n > LIMITS.epochs.max) {
    throw new CliError(
      `--epochs must be a whole number from ${LIMITS.epochs.min} to ${LIMITS.epochs.max} (got ${String(value)})`,
    );
  }
  return n;
}

/** The spec with `train.epochs` replaced when `--epochs` was given. */
export function withEpochs(spec: ResolvedSpec, epochs: number | undefined): ResolvedSpec {
  return epochs === undefined ? spec : { ...spec, train: { ...spec.train, epochs } };
}

/**
 * Starts the backend for `--backend` (or the spec's `train.backend`). The CLI runs in Node, where
 * only `cpu` and `wasm` exist; `auto` means `wasm` (the faster one), or `cpu` without it.
 */
export async function startBackend(value: unknown, spec: ResolvedSpec): Promise<string> {
  const choice = value === undefined ? spec.train.backend : String(value);
  if (choice === 'webgl') {
    throw new CliError(
      value === undefined
        ? 'train.backend is "webgl", which needs a browser: pass --backend cpu or --backend wasm'
        : '--backend webgl needs a browser: use cpu or wasm on the command line',
    );
  }
  if (choice !== 'cpu' && choice !== 'wasm' && choice !== 'auto') {
    throw new CliError(`--backend must be cpu or wasm (got ${choice})`);
  }
  try {
    return await useBackend(choice, { quiet: true });
  } catch (error) {
    throw new CliError(`backend ${choice}: ${(error as Error).message}`);
  }
}

export interface PreparedTraining {
  checked: CheckedSpec;
  /** The spec with `--epochs` applied. */
  spec: ResolvedSpec;
  backend: string;
  /** Depends on the task and seed only, so every model trained from it sees the same samples. */
  dataset: Dataset;
}

/** What `train` and `compare` do first: check the spec, start the backend, build the data. */
export async function prepareTraining(
  file: string,
  values: ParsedValues,
  io: CliIO,
): Promise<PreparedTraining> {
  const checked = await loadCheckedSpec(file, io);
  const spec = withEpochs(checked.spec, parseEpochs(values.epochs));
  const backend = await startBackend(values.backend, spec);
  try {
    return { checked, spec, backend, dataset: buildDataset(spec, checked.data) };
  } catch (error) {
    throw new CliError(`${displayPath(io, checked.specPath)}: ${(error as Error).message}`);
  }
}

/**
 * `rnnlab export SPEC|RUN --to pytorch --out DIR [--run RUN]`: a self-contained PyTorch project
 * of a spec (with the lab's seeded initial weights) or of a trained run (its checkpoint), written
 * into a new or empty folder (`src/export/pytorch`, `src/node/exportFolder.ts`).
 *
 * - SPEC alone: the spec's model as the lab would start training it.
 * - SPEC --run RUN: that run's weights; the run must be of this very spec (name and content).
 * - RUN (a run folder): its spec and weights; its data is rebuilt from its spec and must be the
 *   data it trained on (its `dataset.json`).
 * Every refusal comes before anything is written.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { useBackend } from '../../engine/backend';
import { datasetMeta } from '../../engine/datasetMeta';
import { loadRun, type LoadedRun } from '../../engine/runStore';
import { createModel, type SeqModel } from '../../engine/seqModel';
import {
  EXPORT_TARGETS,
  pytorchProject,
  unsupportedExport,
  type WeightsSource,
} from '../../export/pytorch/exportProject';
import { ExportFolderError, checkExportFolder, writeExportFolder } from '../../node/exportFolder';
import { FileRunStore, tidyIdleRunFolder } from '../../node/runFiles';
import type { ResolvedSpec } from '../../spec/resolveSpec';
import { sameSpec, specDifferences, specIdentity } from '../../spec/specIdentity';
import { buildDataset } from '../../tasks/buildDataset';
import { loadTaskData } from '../../tasks/loadTaskData';
import type { Dataset } from '../../tasks/dataset';
import { CliError, EXIT, type CliCommand, type CliIO } from '../command';
import { isRunFolder } from '../runFolder';
import { displayPath, loadCheckedSpec } from '../specFile';
import { createWorkspaceReader } from '../workspaceFiles';

async function isDirectory(full: string): Promise<boolean> {
  try {
    return (await stat(full)).isDirectory();
  } catch {
    return false;
  }
}

async function openRun(io: CliIO, dir: string): Promise<LoadedRun> {
  await tidyIdleRunFolder(dir);
  if (!(await isRunFolder(dir))) {
    throw new CliError(
      `${displayPath(io, dir)}: not a run folder (it needs spec.json and a checkpoint)`,
    );
  }
  return loadRun(new FileRunStore(dir)).catch((error: unknown) => {
    throw new CliError(`${displayPath(io, dir)}: ${(error as Error).message}`);
  });
}

/**
 * A run folder's data, rebuilt from its spec: files are read beside the spec the run came from
 * (`<spec folder>/.rnnlab/runs/<run>`, else the current folder). It must be the data the run
 * trained on, or the exported splits would not be the lab's.
 */
async function runDataset(io: CliIO, dir: string, run: LoadedRun): Promise<Dataset> {
  const runs = path.dirname(dir);
  const specFolder =
    path.basename(runs) === 'runs' && path.basename(path.dirname(runs)) === '.rnnlab'
      ? path.dirname(path.dirname(runs))
      : io.cwd;
  const reader = createWorkspaceReader(path.join(specFolder, 'spec.json'), io.cwd);
  // The resolved spec is the one the run trained; only its data files are read again.
  const loaded = await loadTaskData(run.spec, reader);
  const shown = displayPath(io, dir);
  const errors = loaded.problems.filter((p) => (p.severity ?? 'error') === 'error');
  if (errors.length > 0) {
    const why = errors.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new CliError(`${shown}: its data cannot be read again (${why})`);
  }
  let dataset: Dataset;
  try {
    dataset = buildDataset(run.spec, loaded.data);
  } catch (error) {
    throw new CliError(`${shown}: its data cannot be rebuilt (${(error as Error).message})`);
  }
  if (JSON.stringify(datasetMeta(dataset)) !== JSON.stringify(run.datasetMeta)) {
    throw new CliError(
      `${shown}: the data changed since this run trained (its vocabularies or lengths differ ` +
        'from its dataset.json); export the spec and train again',
    );
  }
  return dataset;
}

interface ExportSource {
  model: SeqModel;
  dataset: Dataset;
  source: WeightsSource;
  what: string;
}

function runSource(io: CliIO, dir: string, run: LoadedRun, dataset: Dataset): ExportSource {
  return {
    model: run.model,
    dataset,
    source: {
      kind: 'run',
      run: path.basename(dir),
      epoch: run.epoch,
      ...(run.metrics ? { metrics: run.metrics } : {}),
    },
    what: `run ${displayPath(io, dir)} after epoch ${run.epoch}`,
  };
}

async function specSource(io: CliIO, file: string, runArg?: string): Promise<ExportSource> {
  const checked = await loadCheckedSpec(file, io);
  const spec: ResolvedSpec = checked.spec;
  let dataset: Dataset;
  try {
    dataset = buildDataset(spec, checked.data);
  } catch (error) {
    throw new CliError(`${displayPath(io, checked.specPath)}: ${(error as Error).message}`);
  }
  if (runArg === undefined) {
    return {
      model: createModel(spec, dataset),
      dataset,
      source: { kind: 'initial' },
      what: `the initial weights of ${spec.name} (seed ${spec.train.seed})`,
    };
  }
  const dir = path.resolve(io.cwd, runArg);
  const run = await openRun(io, dir);
  if (!sameSpec(spec, run.spec)) {
    run.model.dispose();
    throw new CliError(
      `--run ${runArg} is a run of another spec ("${run.spec.name}", content ` +
        `${specIdentity(run.spec).hash}; ${file}: "${spec.name}", ${specIdentity(spec).hash}; ` +
        `they differ in ${specDifferences(spec, run.spec).join(', ')}); ` +
        `pass a run of ${file}, or export the run folder alone`,
    );
  }
  if (JSON.stringify(datasetMeta(dataset)) !== JSON.stringify(run.datasetMeta)) {
    run.model.dispose();
    throw new CliError(
      `--run ${runArg}: the data changed since this run trained (its vocabularies or lengths ` +
        'differ from its dataset.json)',
    );
  }
  return runSource(io, dir, run, dataset);
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write a PyTorch project of a spec or a trained run (model, data, training, checks).',
  usage: 'export SPEC|RUN --to pytorch --out DIR [--run RUN] [--json]',
  options: {
    to: { type: 'string' },
    out: { type: 'string' },
    run: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const [target, ...rest] = positionals;
    if (target === undefined || rest.length > 0) {
      throw new CliError(`usage: rnnlab ${exportCommand.usage}`);
    }
    const targets = EXPORT_TARGETS.map((t) => `"${t}"`).join(', ');
    if (typeof values.to !== 'string') {
      throw new CliError(`--to is required: the export target, one of ${targets}`);
    }
    if (!(EXPORT_TARGETS as readonly string[]).includes(values.to)) {
      throw new CliError(`--to: unknown target "${values.to}"; the targets are ${targets}`);
    }
    if (typeof values.out !== 'string' || values.out === '') {
      throw new CliError('--out DIR is required: a new or empty folder for the project');
    }
    const out = path.resolve(io.cwd, values.out);
    const shownOut = displayPath(io, out);
    // Refuse a full folder before any work, and again (inside the writer) before any write.
    const refuse = (error: unknown): never => {
      if (error instanceof ExportFolderError)
        throw new CliError(`--out ${shownOut}: ${error.message}`);
      throw error;
    };
    await checkExportFolder(out).catch(refuse);
    // Capturing the lab's per-step values is a few small forward passes: cpu is exact enough.
    await useBackend('cpu', { quiet: true });
    const full = path.resolve(io.cwd, target);
    let source: ExportSource;
    if (await isDirectory(full)) {
      if (typeof values.run === 'string') {
        throw new CliError('--run goes with a SPEC; a run folder is exported with its own spec');
      }
      const run = await openRun(io, full);
      try {
        source = runSource(io, full, run, await runDataset(io, full, run));
      } catch (error) {
        run.model.dispose();
        throw error;
      }
    } else {
      source = await specSource(
        io,
        target,
        typeof values.run === 'string' ? values.run : undefined,
      );
    }
    const unsupported = unsupportedExport(source.dataset);
    if (unsupported) {
      source.model.dispose();
      throw new CliError(`${target}: ${unsupported}`);
    }
    let files: string[];
    try {
      files = await writeExportFolder(out, pytorchProject(source)).catch(refuse);
    } finally {
      source.model.dispose();
    }
    if (values.json) {
      io.stdout(`${JSON.stringify({ out, target: values.to, source: source.source, files })}\n`);
    } else {
      io.stdout(
        `exported ${source.what} to ${shownOut} (${files.length} files)\n` +
          `next: cd ${shownOut} && python3 train.py --check\n`,
      );
    }
    return EXIT.ok;
  },
};

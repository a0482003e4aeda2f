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
import { EXPORT_TARGETS } from '../../export/pytorch/exportProject';
import { ExportFolderError, checkExportFolder } from '../../node/exportFolder';
import {
  ExportSourceError,
  initialSource,
  runFolderSource,
  specRunSource,
  writePytorchExport,
  type ExportSource,
} from '../../node/pytorchExport';
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

async function requireRunFolder(io: CliIO, dir: string): Promise<void> {
  if (!(await isRunFolder(dir))) {
    throw new CliError(
      `${displayPath(io, dir)}: not a run folder (it needs spec.json and a checkpoint)`,
    );
  }
}

/**
 * A run folder's source: its data files are read beside the spec the run came from
 * (`<spec folder>/.rnnlab/runs/<run>`, else the current folder).
 */
async function runFolderExport(io: CliIO, dir: string): Promise<ExportSource> {
  await requireRunFolder(io, dir);
  const runs = path.dirname(dir);
  const specFolder =
    path.basename(runs) === 'runs' && path.basename(path.dirname(runs)) === '.rnnlab'
      ? path.dirname(path.dirname(runs))
      : io.cwd;
  const reader = createWorkspaceReader(path.join(specFolder, 'spec.json'), io.cwd);
  return runFolderSource(dir, path.basename(dir), reader, displayPath(io, dir));
}

async function specExport(io: CliIO, file: string, runArg?: string): Promise<ExportSource> {
  const checked = await loadCheckedSpec(file, io);
  const shownSpec = displayPath(io, checked.specPath);
  if (runArg === undefined) return initialSource(checked.spec, checked.data, shownSpec);
  const dir = path.resolve(io.cwd, runArg);
  await requireRunFolder(io, dir);
  return specRunSource(checked.spec, checked.data, dir, path.basename(dir), {
    spec: file,
    run: `--run ${runArg}`,
    otherSpecHint: `pass a run of ${file}, or export the run folder alone`,
  });
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
    let files: string[];
    let source: ExportSource;
    try {
      if (await isDirectory(full)) {
        if (typeof values.run === 'string') {
          throw new CliError('--run goes with a SPEC; a run folder is exported with its own spec');
        }
        source = await runFolderExport(io, full);
      } else {
        source = await specExport(
          io,
          target,
          typeof values.run === 'string' ? values.run : undefined,
        );
      }
      files = await writePytorchExport(out, source);
    } catch (error) {
      if (error instanceof ExportSourceError) throw new CliError(error.message);
      return refuse(error);
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

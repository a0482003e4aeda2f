/**
 * `rnnlab inspect SPEC|RUN --input TEXT`: every step of a trained model on one input — hidden
 * and cell states, gates, outputs, and for Seq2Seq the context vector, the decoder and the
 * attention weights. Given a spec, the newest run of that very spec (same name and content, see
 * `specIdentity.ts`) in `.rnnlab/runs/` beside the spec is used, and the output says which.
 *
 * `rnnlab inspect --torch WEIGHTS.json --input INPUT.json` runs a PyTorch recurrent module's
 * exported weights through our cells instead (`torchImport.ts`) and prints the result as JSON, so
 * a test can compare it with PyTorch's own numbers. A whole model's weights (`"format":
 * "rnnlab-pytorch"`, what an exported project's `train.py` writes; `engine/torchModel.ts`) are
 * inspected like a run instead, with `--input TEXT`.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { useBackend } from '../../engine/backend';
import { inspectSequence, type Inspection, type LayerTrace } from '../../engine/inspectSequence';
import { loadRun } from '../../engine/runStore';
import { runTorchInspection, TorchImportError } from '../../engine/torchImport';
import { isTorchModelFile, modelFromTorchFile, parseTorchModelFile } from '../../engine/torchModel';
import { CliError, EXIT, type CliCommand, type CliIO } from '../command';
import { FileRunStore, tidyIdleRunFolder } from '../../node/runFiles';
import { specIdentity } from '../../spec/specIdentity';
import { isRunFolder, runsFolderFor, specRuns } from '../runFolder';
import { displayPath, loadCheckedSpec } from '../specFile';

/** Units shown per layer in the human table; `--json` has them all. */
const MAX_UNITS = 8;
/** Time steps shown across; longer sequences are cut with a note. */
const MAX_STEPS = 24;

async function readJsonFile(io: CliIO, file: string, what: string): Promise<unknown> {
  const full = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch {
    throw new CliError(`${what} ${file}: cannot be read`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${what} ${file}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * The run folder to inspect: the argument itself, or the newest run of the spec it names; `how`
 * says which run of how many was chosen, for the output.
 */
async function findRun(io: CliIO, target: string): Promise<{ dir: string; how?: string }> {
  const full = path.resolve(io.cwd, target);
  let isDir = false;
  try {
    isDir = (await stat(full)).isDirectory();
  } catch {
    throw new CliError(`${target}: no such file or folder`);
  }
  if (isDir) {
    // What a killed writer left (temp files, unnamed data) goes, unless a writer is at work.
    await tidyIdleRunFolder(full);
    if (await isRunFolder(full)) return { dir: full };
    throw new CliError(`${target}: not a run folder (it needs spec.json and a checkpoint)`);
  }
  const { spec, specPath } = await loadCheckedSpec(target, io);
  const { runs, sameNameOtherSpec } = await specRuns(specPath, spec);
  const trained = runs.filter((r) => r.hasCheckpoint);
  const identity = specIdentity(spec);
  const others =
    sameNameOtherSpec.length > 0
      ? `; ${sameNameOtherSpec.length} run(s) named "${spec.name}" of other content were not used ` +
        `(${sameNameOtherSpec.map((d) => path.basename(d)).join(', ')})`
      : '';
  const newest = trained[0];
  if (!newest) {
    throw new CliError(
      `${target}: no trained run of "${spec.name}" (content ${identity.hash}) in ` +
        `${displayPath(io, runsFolderFor(specPath))}${others}; train one first: rnnlab train ${target}`,
    );
  }
  return {
    dir: newest.dir,
    how:
      `the newest of ${trained.length} trained run(s) of "${spec.name}" (content ${identity.hash})` +
      others,
  };
}

const cell = (x: number) => (x >= 0 ? ` ${x.toFixed(2)}` : x.toFixed(2)).padStart(6);

function matrixTable(
  title: string,
  columns: readonly string[],
  values: readonly (readonly number[])[],
  units: number,
): string[] {
  const lines = [`  ${title}`];
  const shown = columns.slice(0, MAX_STEPS);
  lines.push(`    ${'unit'.padEnd(5)}${shown.map((c) => c.slice(0, 6).padStart(6)).join(' ')}`);
  for (let u = 0; u < units; u++) {
    const row = shown.map((_, t) => cell(values[t]?.[u] ?? 0));
    lines.push(`    ${String(u + 1).padEnd(5)}${row.join(' ')}`);
  }
  return lines;
}

const GATE_TITLES: Record<string, string> = {
  i: 'input gate i',
  f: 'forget gate f',
  g: 'candidate g',
  o: 'output gate o',
  r: 'reset gate r',
  z: 'update gate z',
  n: 'candidate n',
};

function layerTable(layer: LayerTrace, columns: readonly string[]): string[] {
  const units = Math.min(layer.hidden, MAX_UNITS);
  const notes: string[] = [];
  if (layer.hidden > MAX_UNITS) notes.push(`units 1-${units} of ${layer.hidden}`);
  if (columns.length > MAX_STEPS) notes.push(`steps 1-${MAX_STEPS} of ${columns.length}`);
  const lines = [
    `${layer.label} (${layer.cell}, ${layer.hidden} units)${notes.length ? ` — showing ${notes.join(', ')}; --json has all` : ''}`,
  ];
  lines.push(...matrixTable('hidden state h', columns, layer.h, units));
  if (layer.c) lines.push(...matrixTable('cell state c', columns, layer.c, units));
  for (const [gate, values] of Object.entries(layer.gates)) {
    if (values) lines.push(...matrixTable(GATE_TITLES[gate] ?? gate, columns, values, units));
  }
  return lines;
}

function formatInspection(
  inspection: Inspection,
  run: string,
  epoch: number,
  how?: string,
): string {
  const lines = [
    `run: ${run} (epoch ${epoch}${how ? `; ${how}` : ''})`,
    `input: ${inspection.inputTokens.join(' ')}`,
    '',
  ];
  for (const layer of inspection.layers)
    lines.push(...layerTable(layer, inspection.inputTokens), '');
  const s2s = inspection.seq2seq;
  if (s2s) {
    lines.push('context vector (encoder final state, starts the decoder):');
    for (const ctx of s2s.context) {
      const show = (v: number[]) =>
        v.slice(0, MAX_UNITS).map(cell).join(' ') + (v.length > MAX_UNITS ? ' …' : '');
      lines.push(`  ${ctx.layer} h: ${show(ctx.h)}`);
      if (ctx.c) lines.push(`  ${ctx.layer} c: ${show(ctx.c)}`);
    }
    lines.push('');
    const produced = inspection.outputs.map((o) => o.token ?? '?');
    for (const layer of s2s.decoder) lines.push(...layerTable(layer, s2s.decoderInputs), '');
    if (s2s.attention) {
      lines.push('attention (rows: decoder output, columns: encoder input)');
      lines.push(
        `  ${''.padEnd(6)}${inspection.inputTokens
          .slice(0, MAX_STEPS)
          .map((t) => t.slice(0, 5).padStart(6))
          .join('')}`,
      );
      s2s.attention.forEach((row, t) => {
        const label = (produced[t] ?? '?').slice(0, 5).padEnd(6);
        lines.push(
          `  ${label}${row
            .slice(0, MAX_STEPS)
            .map((w) => w.toFixed(2).padStart(6))
            .join('')}`,
        );
      });
      lines.push('');
    }
    lines.push(
      `output: ${s2s.decoded.join('')}${s2s.ended ? '' : ' (no </s> within the step limit)'}`,
    );
  }
  lines.push('outputs per step:');
  inspection.outputs.forEach((o, t) => {
    const where =
      inspection.architecture === 'many-to-many'
        ? `${t + 1} ${inspection.inputTokens[t] ?? ''}`
        : inspection.architecture === 'seq2seq'
          ? `${t + 1}`
          : 'final';
    const what =
      o.values !== undefined
        ? o.values.map((v) => v.toFixed(4)).join(' ')
        : `${o.token ?? '?'} (p = ${(o.probability ?? 0).toFixed(3)})`;
    lines.push(`  ${where.padEnd(8)} ${what}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * A whole model trained by an exported PyTorch project (`train.py` writes its `weights.json`):
 * the lab's model with those weights, inspected like a run; `--input` is the input text (default:
 * the spec's first `inspect.inputs`).
 */
function inspectTorchModel(
  io: CliIO,
  weights: unknown,
  input: string | undefined,
  json: unknown,
): number {
  let model;
  let file;
  try {
    file = parseTorchModelFile(weights);
    model = modelFromTorchFile(file);
  } catch (error) {
    if (error instanceof TorchImportError) throw new CliError(error.message);
    throw error;
  }
  try {
    const text = input ?? file.spec.inspect.inputs[0];
    if (text === undefined) {
      throw new CliError('--input is required (the spec lists no "inspect.inputs")');
    }
    let inspection: Inspection;
    try {
      inspection = inspectSequence(model, file.dataset, text);
    } catch (error) {
      throw new CliError(`--input: ${(error as Error).message}`);
    }
    const from = `PyTorch weights of "${file.spec.name}"`;
    if (json) io.stdout(`${JSON.stringify({ weights: from, epoch: file.epoch, ...inspection })}\n`);
    else io.stdout(formatInspection(inspection, from, file.epoch));
    return EXIT.ok;
  } finally {
    model.dispose();
  }
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Show every step of a trained model on one input: states, gates, outputs, attention.',
  usage:
    'inspect SPEC|RUN --input TEXT [--json] | inspect --torch WEIGHTS.json --input INPUT.json|TEXT',
  options: {
    input: { type: 'string' },
    json: { type: 'boolean' },
    torch: { type: 'string' },
  },
  async run({ positionals, values, io }) {
    const input = typeof values.input === 'string' ? values.input : undefined;
    // Inspection is one small forward pass: the cpu backend is always there and exact enough.
    await useBackend('cpu', { quiet: true });
    if (typeof values.torch === 'string') {
      if (positionals.length > 0) {
        throw new CliError('usage: rnnlab inspect --torch WEIGHTS.json --input INPUT.json --json');
      }
      const weights = await readJsonFile(io, values.torch, 'weights');
      if (isTorchModelFile(weights)) return inspectTorchModel(io, weights, input, values.json);
      if (input === undefined) {
        throw new CliError('usage: rnnlab inspect --torch WEIGHTS.json --input INPUT.json --json');
      }
      const data = await readJsonFile(io, input, 'input');
      try {
        io.stdout(`${JSON.stringify(runTorchInspection(weights, data))}\n`);
      } catch (error) {
        if (error instanceof TorchImportError) throw new CliError(error.message);
        throw error;
      }
      return EXIT.ok;
    }
    const [target, ...rest] = positionals;
    if (target === undefined || rest.length > 0) {
      throw new CliError(`usage: rnnlab ${inspectCommand.usage}`);
    }
    const { dir, how } = await findRun(io, target);
    const run = await loadRun(new FileRunStore(dir)).catch((error: unknown) => {
      throw new CliError(`${displayPath(io, dir)}: ${(error as Error).message}`);
    });
    try {
      const text = input ?? run.spec.inspect.inputs[0];
      if (text === undefined) {
        throw new CliError(
          '--input is required (or list inputs under "inspect.inputs" in the spec)',
        );
      }
      let inspection: Inspection;
      try {
        inspection = inspectSequence(run.model, run.datasetMeta, text);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`--input: ${(error as Error).message}`);
      }
      if (values.json) {
        const chosen = how !== undefined ? { chosen: how } : {};
        io.stdout(`${JSON.stringify({ run: dir, epoch: run.epoch, ...chosen, ...inspection })}\n`);
      } else {
        io.stdout(formatInspection(inspection, displayPath(io, dir), run.epoch, how));
      }
      return EXIT.ok;
    } finally {
      run.model.dispose();
    }
  },
};

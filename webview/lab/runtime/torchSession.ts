/**
 * PyTorch weights imported into the lab (`importTorch`): no spec, no training, but the step
 * inspector works on them — every layer's h, c and gates for an input the user types as numbers
 * (`inputSize` per step), through the same cells the lab trains (src/engine/torchImport.ts).
 */
import type { Inspection, LayerTrace } from '../../../src/engine/inspectSequence';
import { parseRealInput } from '../../../src/engine/inspectSequence';
import {
  parseTorchWeights,
  runTorchInspection,
  type TorchWeightsFile,
} from '../../../src/engine/torchImport';

export class TorchSession {
  readonly weights: TorchWeightsFile;

  /** The weights as the user's file had them (what `runTorchInspection` parses). */
  private readonly raw: unknown;

  constructor(
    readonly fileName: string,
    weights: unknown,
  ) {
    this.raw = weights;
    this.weights = parseTorchWeights(this.raw);
  }

  /** A first input to show: a short wave, one value per feature and step. */
  exampleInput(steps = 6): string {
    const rows: string[] = [];
    for (let t = 0; t < steps; t++) {
      const row: string[] = [];
      for (let f = 0; f < this.weights.inputSize; f++) {
        row.push(Math.sin((t + f) * 0.9).toFixed(2));
      }
      rows.push(row.join(', '));
    }
    return rows.join(', ');
  }

  inspect(input: string): Inspection {
    const steps = parseRealInput(input, this.weights.inputSize);
    if (steps.length === 0) throw new Error('the input is empty');
    const run = runTorchInspection(this.raw, { x: [steps] });
    const first = (cube: number[][][]): number[][] => cube.map((step) => step[0] ?? []);
    const layers: LayerTrace[] = run.layers.map((layer, k) => {
      const gates: LayerTrace['gates'] = {};
      for (const [gate, values] of Object.entries(layer.gates)) {
        if (values) gates[gate as keyof LayerTrace['gates']] = first(values);
      }
      return {
        label: `layer ${k + 1}`,
        part: 'layers',
        index: k,
        cell: this.weights.cell,
        hidden: this.weights.hiddenSize,
        h: first(layer.h),
        ...(layer.c ? { c: first(layer.c) } : {}),
        gates,
      };
    });
    return {
      architecture: 'many-to-many',
      cell: this.weights.cell,
      inputTokens: steps.map((_, t) => `t${t + 1}`),
      inputValues: steps,
      layers,
      outputs: [],
    };
  }
}

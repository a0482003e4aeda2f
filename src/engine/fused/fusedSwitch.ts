/**
 * Whether `runLayer` uses the fused recurrent kernels (one recurrent matMul and one cell kernel
 * per step, forward and backward) or the plain tfjs ops of the cells. On by default; the plain path
 * stays as the reference the fused kernels are tested and benchmarked against.
 */
let fused = true;

export function setFusedKernels(on: boolean): void {
  fused = on;
}

export function fusedKernelsEnabled(): boolean {
  return fused;
}

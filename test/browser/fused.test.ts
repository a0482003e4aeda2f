/**
 * The fused recurrent kernels in Chromium: the WebGL shader programs (SwiftShader here) and the
 * WASM kernels, each against the plain tfjs ops on the same backend, with the same checks as the
 * unit tests on CPU and WASM in Node (test/shared/fusedComparison.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Comparison } from '../shared/fusedComparison';
import {
  assertBuilt,
  buildTestBundles,
  bundleShell,
  launchBrowser,
  newPage,
  startServer,
  type TestServer,
} from './harness';

/** As in the unit tests; WebGL's float32 shaders sum in yet another order. */
const TOL = 5e-5;

/** What the parity page's `fusedVsPlain()` returns (its module is type-checked with the pages). */
interface FusedResult {
  backend: string;
  comparisons: Comparison[];
  training: Record<string, { fused: number; plain: number }>;
  /** max |FusedAdam − tf.train.adam| over 20 steps. */
  adam: number;
  /** max |denseMatMul − tf.fused.matMul| over value and gradients. */
  dense: number;
}

let server: TestServer;
let browser: Browser;

describe('fused recurrent kernels in Chromium', { timeout: 300_000 }, () => {
  before(async () => {
    assertBuilt();
    await buildTestBundles();
    server = await startServer({ '/parity.html': bundleShell('parity') });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const backend of ['webgl', 'wasm'] as const) {
    it(`match the plain ops on ${backend}: values, captured steps, gradients, dense, Adam, 50 training steps`, async () => {
      const { page, context } = await newPage(browser);
      try {
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${server.origin}/parity.html`);
        await page.waitForFunction('globalThis.rnnLabParity !== undefined');
        const used = await page.evaluate(`globalThis.rnnLabParity.use(${JSON.stringify(backend)})`);
        assert.equal((used as { backend: string }).backend, backend, 'the backend started');
        const result = (await page.evaluate(
          'globalThis.rnnLabParity.fusedVsPlain()',
        )) as FusedResult;
        assert.equal(result.backend, backend);
        assert.deepEqual(errors, []);
        assert.equal(result.comparisons.length, 4);
        for (const { label, diffs, probeGradient } of result.comparisons) {
          assert.ok(
            Object.keys(diffs).length >= 17,
            `${label}: compares outputs, gradients and steps`,
          );
          for (const [name, d] of Object.entries(diffs)) {
            assert.ok(
              d < (name === 'loss' ? 10 * TOL : TOL),
              `${label} ${name}: max |fused − plain| ${d}`,
            );
          }
          assert.ok(probeGradient > 1e-3, `${label}: ∂loss/∂h_t is not zero`);
        }
        // Weights that move by about 1 over 20 steps; WebGL's shaders round differently from
        // tfjs' chain of Adam ops (1.4e-5 seen on SwiftShader; a wrong formula gives 1e-2).
        assert.ok(result.adam < 5e-5, `FusedAdam vs tf.train.adam: ${result.adam}`);
        assert.ok(result.dense < TOL, `denseMatMul vs tf.fused.matMul: ${result.dense}`);
        for (const [kind, { fused, plain }] of Object.entries(result.training)) {
          assert.ok(Number.isFinite(fused) && Number.isFinite(plain), `${kind}: ${fused} ${plain}`);
          assert.ok(
            Math.abs(fused - plain) < 1e-4,
            `${kind} after 50 steps: fused ${fused}, plain ${plain}`,
          );
        }
      } finally {
        await context.close();
      }
    });
  }
});

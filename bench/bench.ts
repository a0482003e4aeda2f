/**
 * `npm run bench`: one training step of our recurrent engine (fused and unfused) against tf.layers
 * with the same weights, on tfjs `cpu` (and `wasm`) in Node and on `webgl` and `wasm` in headless
 * Chromium; a Seq2Seq with attention (ours only); PyTorch on the CPU as a reference when
 * /usr/bin/python3 has torch. See bench/README.md for the columns and the targets.
 *
 *   npm run bench                      full run (T = 20 and 100), writes bench/results/bench.{json,md}
 *   npm run bench -- --quick           T = 20, fewer steps, writes bench/results/bench.local.{json,md}
 *   npm run bench -- --backends cpu,webgl   only these (cpu, node-wasm, webgl, wasm)
 *   npm run bench -- --skip-torch
 *   npm run bench -- --render          bench.md again from bench.json (no timing)
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import * as esbuild from 'esbuild';
import { useBackend } from '../src/engine/backend';
import {
  bundleShell,
  launchBrowser,
  newPage,
  resultsDir,
  root,
  startServer,
} from '../test/browser/harness';
import { benchCase, matMulPeak, type CaseConfig } from './benchCore';
import type { BenchPageApi } from './benchPage';
import {
  FLOP_FORMULA,
  reportMarkdown,
  type BenchModel,
  type BenchReport,
  type BenchSection,
} from './report';

const ALL_BACKENDS = ['cpu', 'node-wasm', 'webgl', 'wasm'] as const;
type BackendId = (typeof ALL_BACKENDS)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    backends: { type: 'string', default: ALL_BACKENDS.join(',') },
    'skip-torch': { type: 'boolean', default: false },
    /** Re-writes bench.md (or bench.local.md with --quick) from its .json, without timing anything. */
    render: { type: 'boolean', default: false },
  },
});
const quick = args.quick;
const backends = args.backends.split(',').map((b) => b.trim()) as BackendId[];
for (const b of backends) {
  if (!ALL_BACKENDS.includes(b))
    throw new Error(`unknown backend ${b}: use ${ALL_BACKENDS.join(', ')}`);
}

const SHAPE = { batch: 64, input: 32, hidden: 128 };
const TIMES = quick ? [20] : [20, 100];
const CELLS: BenchModel[] = ['rnn', 'lstm', 'gru'];
/** The matMuls whose best GFLOP/s is each backend's peak. */
const MATMUL = { sizes: [256, 512, 1024], warmup: 1, timed: quick ? 2 : 3 };

/** The rows of a section, with their step counts. */
function plan(): CaseConfig[] {
  // Rounds alternate the four variants; a round of tf.layers' LSTM on cpu at T = 100 is ~30 s, so
  // rows stop at `minTimed` rounds once `roundBudgetMs` is spent (the full run stays near 15 min).
  const reps = (time: number, model: BenchModel) =>
    quick
      ? { warmup: 2, timed: 3, minTimed: 2, roundBudgetMs: 5_000 }
      : model === 'seq2seq'
        ? { warmup: 2, timed: 5, minTimed: 2, roundBudgetMs: 15_000 }
        : time <= 20
          ? { warmup: 2, timed: 5, minTimed: 3, roundBudgetMs: 20_000 }
          : { warmup: 2, timed: 3, minTimed: 2, roundBudgetMs: 20_000 };
  const cases: CaseConfig[] = [];
  for (const time of TIMES) {
    for (const model of CELLS) cases.push({ model, time, ...SHAPE, ...reps(time, model) });
  }
  cases.push({ model: 'seq2seq', time: 20, ...SHAPE, ...reps(20, 'seq2seq') });
  return cases;
}

/** The 1-minute load average, sampled while the bench runs: a busy machine is said in bench.md. */
const load = { max: os.loadavg()[0] ?? 0, start: os.loadavg()[0] ?? 0 };
const loadTimer = setInterval(() => (load.max = Math.max(load.max, os.loadavg()[0] ?? 0)), 5_000);
// Sampling alone must not keep the process alive (e.g. with --render).
loadTimer.unref();

function log(line: string): void {
  console.log(line);
}

async function nodeSection(id: 'cpu' | 'node-wasm'): Promise<BenchSection | undefined> {
  const name = id === 'cpu' ? 'cpu' : 'wasm';
  try {
    await useBackend(name);
  } catch (error) {
    log(`${id}: did not start (${(error as Error).message})`);
    return undefined;
  }
  log(`\n== ${name} (node) ==`);
  const matMul = matMulPeak(MATMUL.sizes, MATMUL.warmup, MATMUL.timed);
  log(`  matMul peak: ${matMul.gflops.toFixed(2)} GFLOP/s at n = ${matMul.n}`);
  const section: BenchSection = { backend: name, runtime: 'node', matMul, rows: [] };
  for (const config of plan()) section.rows.push(await benchCase(config, log));
  return section;
}

/** The bench page: esbuild bundle beside TensorFlow.js' .wasm files, as the lab page has them. */
async function buildPage(): Promise<string> {
  const dir = path.join(resultsDir, 'bundles');
  mkdirSync(dir, { recursive: true });
  await esbuild.build({
    entryPoints: { bench: path.join(root, 'bench/benchPage.ts') },
    outdir: dir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
  });
  const wasmDir = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const file of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) {
    copyFileSync(path.join(wasmDir, file), path.join(dir, file));
  }
  return 'bench';
}

interface BrowserInfo {
  chromium: string;
  renderer: string;
}

async function browserSections(
  ids: ('webgl' | 'wasm')[],
): Promise<{ sections: BenchSection[]; info: BrowserInfo }> {
  const bundle = await buildPage();
  const server = await startServer({ '/bench.html': bundleShell(bundle) });
  const browser = await launchBrowser();
  const info: BrowserInfo = { chromium: browser.version(), renderer: '' };
  const sections: BenchSection[] = [];
  try {
    const { page } = await newPage(browser);
    page.on('console', (message) => {
      const where = message.location().url;
      if (where.endsWith('/favicon.ico')) return;
      log(message.type() === 'error' ? `page error: ${message.text()} (${where})` : message.text());
    });
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(`${server.origin}/bench.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => 'rnnLabBench' in globalThis, undefined, { timeout: 60_000 });
    const wasmPaths = `${server.origin}/bundles/`;
    for (const id of ids) {
      const started = await page
        .evaluate(
          ([b, w]) =>
            (globalThis as unknown as { rnnLabBench: BenchPageApi }).rnnLabBench.use(b, w),
          [id, wasmPaths] as const,
        )
        .catch((error: Error) => {
          log(`${id} (chromium): did not start (${error.message})`);
          return undefined;
        });
      if (!started) continue;
      if (started.renderer) info.renderer = started.renderer;
      log(
        `\n== ${started.backend} (chromium${started.renderer ? `, ${started.renderer}` : ''}) ==`,
      );
      const matMul = await page.evaluate(
        (m) =>
          (globalThis as unknown as { rnnLabBench: BenchPageApi }).rnnLabBench.matMulPeak(
            m.sizes,
            m.warmup,
            m.timed,
          ),
        MATMUL,
      );
      log(`  matMul peak: ${matMul.gflops.toFixed(2)} GFLOP/s at n = ${matMul.n}`);
      const section: BenchSection = {
        backend: started.backend,
        runtime: 'chromium',
        matMul,
        rows: [],
      };
      for (const config of plan()) {
        section.rows.push(
          await page.evaluate(
            (c) => (globalThis as unknown as { rnnLabBench: BenchPageApi }).rnnLabBench.run(c),
            config,
          ),
        );
      }
      sections.push(section);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { sections, info };
}

/** The commit measured, and whether the tree had uncommitted changes (work in progress is timed too). */
function engineCommit(): string {
  const git = (...a: string[]) =>
    spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'src') !== '';
  return dirty ? `${head} with uncommitted changes in src/` : head;
}

type TorchResult = NonNullable<BenchReport['torch']>;

/** bench/torchBench.py under Debian's python3 (python3-torch), when torch imports there. */
function torchBench(): TorchResult {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { skipped: `${python} not found` };
  log('\n== PyTorch (cpu) ==');
  const run = spawnSync(
    python,
    [
      path.join(root, 'bench/torchBench.py'),
      '--times',
      TIMES.join(','),
      ...(quick ? ['--quick'] : []),
    ],
    { encoding: 'utf8', timeout: 15 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0)
    return { skipped: `torchBench.py failed (exit ${run.status}): ${run.error?.message ?? ''}` };
  const out = JSON.parse(run.stdout) as TorchResult;
  if (!('skipped' in out)) {
    for (const r of out.rows) log(`  ${r.model} T=${r.time}: ${r.ms.toFixed(1)} ms`);
  }
  return out;
}

const resultsPath = (ext: string) =>
  path.join(root, 'bench', 'results', `${quick ? 'bench.local' : 'bench'}.${ext}`);

async function main(): Promise<void> {
  if (args.render) {
    const report = JSON.parse(readFileSync(resultsPath('json'), 'utf8')) as BenchReport;
    writeFileSync(resultsPath('md'), reportMarkdown(report));
    log(`rewrote ${path.relative(root, resultsPath('md'))} from its .json`);
    return;
  }
  const started = Date.now();
  log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores; tfjs ${tf.version.tfjs}`,
  );
  log(FLOP_FORMULA);
  const sections: BenchSection[] = [];
  for (const id of ['cpu', 'node-wasm'] as const) {
    if (!backends.includes(id)) continue;
    const s = await nodeSection(id);
    if (s) sections.push(s);
  }
  const inBrowser = (['webgl', 'wasm'] as const).filter((id) => backends.includes(id));
  let browser: BrowserInfo | undefined;
  if (inBrowser.length > 0) {
    const r = await browserSections([...inBrowser]);
    sections.push(...r.sections);
    browser = r.info;
    log(`chromium ${browser.chromium}; WebGL renderer: ${browser.renderer || '(no WebGL)'}`);
  }
  const torch = args['skip-torch'] ? undefined : torchBench();
  clearInterval(loadTimer);
  const cores = os.availableParallelism();
  load.max = Math.max(load.max, os.loadavg()[0] ?? 0);
  const minutes = (Date.now() - started) / 60_000;
  const machine: Record<string, string | number> = {
    cpu: `${os.cpus()[0]?.model ?? 'unknown'}, ${cores} cores`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    tfjs: tf.version.tfjs,
    'engine commit': engineCommit(),
    ...(browser
      ? { chromium: browser.chromium, 'WebGL renderer': browser.renderer || '(none)' }
      : {}),
    'load average (1 min)': `${load.start.toFixed(2)} at start, up to ${load.max.toFixed(2)} during the run`,
    duration: `${minutes.toFixed(1)} min`,
  };
  const remarks: string[] = [];
  // The bench itself keeps about one core busy; more than that is other work on the machine.
  if (load.max > 1.5) {
    remarks.push(
      `Taken on a busy machine: the 1-minute load average reached ${load.max.toFixed(2)} on ${cores} cores ` +
        '(other jobs ran beside the bench). Absolute times are noisy; the ratios less so, because the variants ' +
        'alternate step by step and a slow phase hits all of them.',
    );
  }
  const report: BenchReport = {
    date: new Date().toISOString().slice(0, 10),
    quick,
    machine,
    shape: SHAPE,
    sections,
    ...(torch ? { torch } : {}),
    remarks,
  };
  const md = reportMarkdown(report);
  log('\n' + md);
  mkdirSync(path.dirname(resultsPath('json')), { recursive: true });
  writeFileSync(resultsPath('json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(resultsPath('md'), md);
  log(`wrote ${path.relative(root, resultsPath('json'))} and .md (${minutes.toFixed(1)} min)`);
}

main().catch((error: unknown) => {
  clearInterval(loadTimer);
  console.error(error);
  process.exitCode = 1;
});

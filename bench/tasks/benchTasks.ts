/**
 * `npm run bench:tasks`: published small recurrent tasks trained by our engine and by a PyTorch
 * implementation of the same recipe (`torchTasks.py`), on the same samples, epoch by epoch in
 * turn in one process (ours epoch k, PyTorch epoch k, …), so a busy machine slows both alike.
 *
 *   npm run bench:tasks                      # every row at its bench size
 *   npm run bench:tasks -- --rows addition-2 # some rows
 *   npm run bench:tasks -- --ours-only       # no PyTorch (e.g. for the ablation rows)
 *   npm run bench:tasks -- --small        # the CI test's sizes
 *   npm run bench:tasks -- --out NAME        # bench/results/NAME.json and NAME.md (default tasks)
 *   npm run bench:tasks -- --render NAME     # NAME.md again from NAME.json, with today's targets
 *
 * The rows and their sizes are in `taskRows.ts`; the CI test (`test/unit/benchTasks.test.ts`)
 * trains the small configurations of the same rows. Our side runs on the CLI's WASM backend.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '../../src/engine/backend';
import { renderTable, type RowResult, type TasksReport } from './taskReport';
import { BENCH_ROWS, benchRows, runOurs, type EpochPoint, type TaskRow } from './taskRows';

const TORCH = '/usr/bin/python3';

/** The PyTorch side as a process reading one command per epoch from a FIFO. */
class TorchSide {
  private commands = -1;
  private results = -1;
  private buffer = '';
  private readonly dir: string;

  constructor(row: TaskRow, data: unknown) {
    this.dir = mkdtempSync(join(tmpdir(), 'rnnlab-bench-'));
    const dataPath = join(this.dir, 'data.json');
    writeFileSync(dataPath, JSON.stringify(data));
    const cmd = join(this.dir, 'commands');
    const res = join(this.dir, 'results');
    execFileSync('mkfifo', [cmd, res]);
    const child = spawn(TORCH, [join(import.meta.dirname, 'torchTasks.py'), dataPath, cmd, res], {
      stdio: ['ignore', 'inherit', 'inherit'],
      // Idle OpenMP threads sleep instead of spinning: on a shared machine spinning costs both sides.
      env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
    });
    child.on('exit', (code) => {
      if (code) process.stderr.write(`torchTasks.py (${row.id}) exited with ${code}\n`);
    });
    // Both sides open the FIFOs in the same order, so neither waits for the other forever.
    this.commands = openSync(cmd, 'w');
    this.results = openSync(res, 'r');
  }

  /** Trains one epoch; blocks until the line comes back (the point of the lockstep). */
  epoch(): EpochPoint {
    writeSync(this.commands, 'epoch\n');
    const chunk = Buffer.alloc(4096);
    while (!this.buffer.includes('\n')) {
      const n = readSync(this.results, chunk, 0, chunk.length, null);
      if (n === 0) throw new Error('the PyTorch side ended');
      this.buffer += chunk.subarray(0, n).toString('utf8');
    }
    const at = this.buffer.indexOf('\n');
    const line = this.buffer.slice(0, at);
    this.buffer = this.buffer.slice(at + 1);
    return JSON.parse(line) as EpochPoint;
  }

  close(): void {
    writeSync(this.commands, 'quit\n');
    closeSync(this.commands);
    closeSync(this.results);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function torchAvailable(): boolean {
  try {
    execFileSync(TORCH, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      'ours-only': { type: 'boolean', default: false },
      out: { type: 'string', default: 'tasks' },
      small: { type: 'boolean', default: false },
      render: { type: 'string' },
    },
  });
  if (values.render) {
    render(values.render);
    return;
  }
  const wanted = values.rows?.split(',');
  const all = values.small ? benchRows(join(import.meta.dirname, '..', '..'), true) : BENCH_ROWS;
  const rows = all.filter((r) => !wanted || wanted.includes(r.id));
  if (rows.length === 0) throw new Error(`no row named ${values.rows}`);
  const backend = await useBackend('wasm');
  const withTorch = !values['ours-only'] && torchAvailable();
  const results: RowResult[] = [];
  const loads: number[] = [];
  const started = new Date().toISOString();
  for (const row of rows) {
    if (!row.spec) {
      results.push({ row, ours: [], torch: [] });
      continue;
    }
    process.stderr.write(`${row.id}: ${row.title}\n`);
    const torchPoints: EpochPoint[] = [];
    const ours = await runOurs(row, (data) => {
      const torch = withTorch && row.torch ? new TorchSide(row, data) : undefined;
      return {
        afterEpoch(point) {
          loads.push(loadavg()[0] ?? 0);
          const theirs = torch?.epoch();
          if (theirs) torchPoints.push(theirs);
          process.stderr.write(
            `  epoch ${point.epoch}: ours ${fmt(point)}` +
              (theirs ? ` | torch ${fmt(theirs)}` : '') +
              '\n',
          );
        },
        close() {
          torch?.close();
        },
      };
    });
    results.push({ row, ours, torch: torchPoints });
  }
  const meanLoad = loads.reduce((a, b) => a + b, 0) / Math.max(loads.length, 1);
  const report = { started, backend, torch: withTorch, meanLoad, results };
  const dir = join(import.meta.dirname, '..', 'results');
  writeFileSync(
    join(dir, `${values.out}.json`),
    JSON.stringify({ ...report, results: results.map(withoutExamples) }, null, 1) + '\n',
  );
  writeFileSync(join(dir, `${values.out}.md`), renderTable(report));
  process.stderr.write(`wrote bench/results/${values.out}.md\n`);
}

/**
 * Writes NAME.md again from NAME.json, each row's target as `taskRows.ts` now sets it (a target
 * is a reading of the epochs, which the JSON keeps; rows of either size are matched by id).
 */
function render(name: string): void {
  const dir = join(import.meta.dirname, '..', 'results');
  const report = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as TasksReport;
  const root = join(import.meta.dirname, '..', '..');
  const now = [...benchRows(root, true), ...BENCH_ROWS];
  const results = report.results.map((r) => {
    const target = now.find((row) => row.id === r.row.id && row.title === r.row.title)?.target;
    return { ...r, row: { ...r.row, ...(target ? { target } : {}) } };
  });
  writeFileSync(join(dir, `${name}.md`), renderTable({ ...report, results }));
  process.stderr.write(`wrote bench/results/${name}.md\n`);
}

/**
 * The JSON keeps a row's spec but not its generated examples (copy memory's 2200 sequences are
 * ~0.7 MB; `copyMemoryExamples` redraws them from the seed in the title's sizes).
 */
function withoutExamples(result: RowResult): RowResult {
  const spec = result.row.spec;
  if (spec?.task.kind !== 'examples' || !spec.task.examples) return result;
  const task = { ...spec.task, examples: [], drawn: spec.task.examples.length };
  return { ...result, row: { ...result.row, spec: { ...spec, task } as TaskRow['spec'] } };
}

function fmt(p: EpochPoint): string {
  const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
  return `tok ${pct(p.accuracy)} seq ${pct(p.sequenceAccuracy)} loss ${p.testLoss.toFixed(3)} ${p.seconds.toFixed(1)}s`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

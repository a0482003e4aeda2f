/**
 * `npm run bench:costs`: what the study note's claims cost, measured on one task and machine in
 * one run (bench/README.md, "The note's costs"):
 *
 *   npm run bench:costs                 # every part: bench/results/costs.json and costs.md
 *   npm run bench:costs -- --small      # the unit test's sizes: costs-small.local.* (not committed)
 *   npm run bench:costs -- --render     # costs.md again from costs.json, nothing trained
 *
 * 1. GRU against LSTM (RNN for reference): parameters, time per epoch and test MSE, 3 seeds;
 * 2. LSTM time per training step against T, with a least-squares line, and peak memory;
 * 3. truncated BPTT: time per step with and without it, and its memory span.
 *
 * What is trained comes from the shipped examples (`costCases.ts`); each group trains side by
 * side (`sideBySide.ts`), on the CLI's WASM backend.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '../../src/engine/backend';
import { costPlan } from './costCases';
import { renderCosts, summarize, type CaseSummary, type CostsReport } from './costReport';
import { trainSideBySide, type SideCase } from './sideBySide';

const RESULTS = join(import.meta.dirname, '..', 'results');

function commandLine(args: readonly string[]): string {
  const nice = getPriority();
  return (
    (nice > 0 ? `nice -n ${nice} ` : '') +
    'npm run bench:costs' +
    (args.length > 0 ? ` -- ${args.join(' ')}` : '')
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values } = parseArgs({
    args,
    options: {
      small: { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
    },
  });
  const name = values.small ? 'costs-small.local' : 'costs';
  const jsonPath = join(RESULTS, `${name}.json`);
  const mdPath = join(RESULTS, `${name}.md`);
  if (values.render) {
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as CostsReport;
    writeFileSync(mdPath, renderCosts(report));
    process.stderr.write(`wrote ${mdPath}\n`);
    return;
  }
  const backend = await useBackend('wasm', { quiet: true });
  const plan = costPlan(values.small);
  const started = new Date();
  const startLoad = loadavg();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(loadavg()[0] ?? NaN), 5000);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const group = async (title: string, cases: SideCase[], memory = false) => {
    log(`${title}: ${cases.map((c) => c.id).join(', ')}`);
    return (await trainSideBySide(cases, { log, memory })).map(summarize);
  };
  const cells: CaseSummary[] = [];
  const tbptt: CaseSummary[] = [];
  let length: CaseSummary[] = [];
  try {
    for (const g of plan.cells) cells.push(...(await group('cells', g)));
    length = await group('length', plan.length, true);
    for (const g of plan.tbptt) tbptt.push(...(await group('tbptt', g)));
  } finally {
    clearInterval(sampler);
  }
  const finished = new Date();
  const during = samples.length > 0 ? samples : [loadavg()[0] ?? NaN];
  const cpu = cpus();
  const report: CostsReport = {
    started: started.toISOString(),
    finished: finished.toISOString(),
    seconds: (finished.getTime() - started.getTime()) / 1000,
    command: commandLine(args),
    backend,
    machine: { cpus: cpu.length, model: cpu[0]?.model.trim() ?? '?', node: process.version },
    load: {
      start: startLoad,
      end: loadavg(),
      meanDuring: during.reduce((a, b) => a + b, 0) / during.length,
      maxDuring: Math.max(...during),
    },
    small: values.small,
    about: plan.about,
    cells,
    length,
    tbptt,
  };
  writeFileSync(jsonPath, JSON.stringify(report, null, 1) + '\n');
  writeFileSync(mdPath, renderCosts(report));
  log(`wrote ${jsonPath} and ${mdPath}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

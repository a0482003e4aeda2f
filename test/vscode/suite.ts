/**
 * Integration suite, run inside a real VS Code extension host by `scripts/testVscode.mjs`
 * (`npm run test:vscode`): `@vscode/test-electron` loads this module (bundled to
 * out/test/vscode/suite.js) and calls `run()`. No mocha: each check is a function, failures are
 * collected and reported together. The workspace is the fixture folder the script wrote
 * (`RNNLAB_TEST_WORKSPACE`).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RnnLabApi } from '../../src/host/extension';

const EXTENSION_ID = 'rnnlab.rnn-lab';
const COMMANDS = [
  'rnnLab.newSpec',
  'rnnLab.openLab',
  'rnnLab.train',
  'rnnLab.stop',
  'rnnLab.inspect',
  'rnnLab.compareCells',
  'rnnLab.bottleneck',
  'rnnLab.exportModel',
  'rnnLab.exportPytorch',
  'rnnLab.importWeights',
  'rnnLab.showLog',
];

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function rnnlabDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rnnlab');
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

async function hoverAt(uri: vscode.Uri, needle: string, offsetInNeedle = 1): Promise<string> {
  const document = await vscode.workspace.openTextDocument(uri);
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${needle} in ${uri.path}`);
  const position = document.positionAt(index + offsetInNeedle);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    position,
  );
  return hoverText(hovers);
}

const checks: [string, (api: RnnLabApi) => Promise<void>][] = [
  [
    'registers the twelve commands',
    async () => {
      const all = new Set(await vscode.commands.getCommands(true));
      for (const id of COMMANDS) assert.ok(all.has(id), id);
    },
  ],
  [
    'opens specs as JSON with comments',
    async () => {
      const document = await vscode.workspace.openTextDocument(workspaceFile('good.rnnlab.json'));
      assert.equal(document.languageId, 'jsonc');
    },
  ],
  [
    'reports a bad spec in the Problems panel at the right range, and updates as you type',
    async () => {
      const uri = workspaceFile('bad.rnnlab.json');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitFor('diagnostics of bad.rnnlab.json', () => {
        const found = rnnlabDiagnostics(uri);
        return found.length >= 2 ? found : undefined;
      });
      const hidden = diagnostics.find((d) => d.code === 'model.hidden');
      assert.ok(hidden, JSON.stringify(diagnostics));
      assert.equal(document.getText(hidden.range), '0');
      assert.equal(hidden.severity, vscode.DiagnosticSeverity.Error);
      assert.match(hidden.message, /integer from 1 to 1024/);
      const cell = diagnostics.find((d) => d.code === 'model.cell');
      assert.ok(cell);
      assert.equal(document.getText(cell.range), '"lstn"');

      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, hidden.range, '32');
      edit.replace(uri, cell.range, '"lstm"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('the diagnostics to clear', () =>
        rnnlabDiagnostics(uri).length === 0 ? true : undefined,
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    },
  ],
  [
    'checks data files, refusing one outside the workspace',
    async () => {
      const uri = workspaceFile('outside.rnnlab.json');
      await vscode.workspace.openTextDocument(uri);
      const [problem] = await waitFor('the data file problem', () => {
        const found = rnnlabDiagnostics(uri);
        return found.length > 0 ? found : undefined;
      });
      assert.equal(problem?.code, 'task.file');
      assert.match(problem?.message ?? '', /outside the workspace/);
    },
  ],
  [
    'explains spec keys and values on hover',
    async () => {
      const uri = workspaceFile('good.rnnlab.json');
      assert.match(await hoverAt(uri, '"lstm"', 2), /Long short-term memory/);
      assert.match(await hoverAt(uri, '"clipNorm"', 2), /clip/i);
    },
  ],
  [
    'explains recurrent parts of Python code, with the live numbers of the trained run',
    async () => {
      const uri = workspaceFile('model.py');
      assert.match(await hoverAt(uri, 'nn.LSTM', 4), /Long short-term memory/);
      const forget = await hoverAt(uri, 'forget_gate', 2);
      assert.match(forget, /forget gate, layer 1: mean 0\.81, 34 % of activations above 0\.9/);
      assert.match(forget, /command:rnnLab\.openLab\?/);
    },
  ],
  [
    'shows CodeLenses above the spec and each input to inspect',
    async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        workspaceFile('good.rnnlab.json'),
      );
      const commands = lenses.map((l) => l.command?.command);
      for (const id of [
        'rnnLab.train',
        'rnnLab.openLab',
        'rnnLab.compareCells',
        'rnnLab.inspect',
      ]) {
        assert.ok(commands.includes(id), `${id} in ${commands.join(', ')}`);
      }
      const inspect = lenses.find((l) => l.command?.command === 'rnnLab.inspect');
      assert.equal(inspect?.command?.arguments?.[1], 'cabdabdcabdacbdabcdab');
    },
  ],
  [
    'saves the lab’s runs to the run store as events arrive',
    async (api) => {
      const specUri = workspaceFile('good.rnnlab.json');
      await vscode.commands.executeCommand('rnnLab.openLab', specUri);
      assert.ok(api.lab.isOpen, 'the lab panel is open');
      const document = await vscode.workspace.openTextDocument(specUri);
      const spec = (await api.diagnostics.check(document)).spec;
      assert.ok(spec, 'the good spec is valid');

      const replies: unknown[] = [];
      api.session.handle(
        { type: 'startRun', requestId: 1, spec, dataset: { kind: 'test' } },
        (r) => replies.push(r),
        'lab',
      );
      const reply = (await waitFor('the startRun reply', () => replies[0])) as {
        ok: boolean;
        value: { runId: string };
      };
      assert.equal(reply.ok, true, JSON.stringify(reply));
      const runId = reply.value.runId;
      api.session.handle(
        {
          type: 'trainEvent',
          runId,
          event: {
            type: 'batch',
            epoch: 1,
            batch: 1,
            batches: 2,
            loss: 1,
            meanLoss: 1,
            stepsPerSecond: 5,
          },
        },
        () => undefined,
        'lab',
      );
      api.session.handle(
        { type: 'trainEvent', runId, event: { type: 'stopped', epoch: 1, batch: 1, seconds: 1 } },
        () => undefined,
        'lab',
      );
      await api.session.flush();
      const folder = workspaceFile(path.posix.join('.rnnlab', 'runs', runId));
      const metrics = await readFile(path.join(folder.fsPath, 'metrics.jsonl'), 'utf8');
      assert.deepEqual(
        metrics
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { type: string }).type),
        ['batch', 'stopped'],
      );
      const specJson = JSON.parse(await readFile(path.join(folder.fsPath, 'spec.json'), 'utf8'));
      assert.equal(specJson.name, spec.name);
      const listed = await api.runs.list();
      assert.equal(listed.find((r) => r.id === runId)?.status, 'stopped');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(api.lab.isOpen, false);
    },
  ],
];

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<RnnLabApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  const failures: string[] = [];
  for (const [name, check] of checks) {
    try {
      await check(api);
      console.log(`  ✓ ${name}`);
    } catch (error) {
      console.log(`  ✗ ${name}`);
      failures.push(
        `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
  console.log(`${checks.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

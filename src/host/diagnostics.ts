/**
 * Problems of the workspace's specs in the Problems panel, from the real validator and the data
 * checks (`tasks/checkSpecAndData.ts`), refreshed as the user types (debounced) and when a data
 * file changes. Specs that are not open are checked from disk (at start, so the entries are back
 * after a reload, and when they change), so an entry stays while the file still has the problem.
 * One entry per problem: the editor's schema (`schemas/rnnlab.editor.schema.json`) has no
 * validation keywords of its own, so VS Code's JSON checks do not report them a second time.
 */
import * as vscode from 'vscode';
import { checkSpecAndData, type SpecCheck } from '../tasks/checkSpecAndData';
import { problemsToRanges, type ProblemRange } from './problemRanges';
import { Disposable } from './disposable';
import { isSpecDocument, isSpecUri, SPEC_GLOB } from './specDocuments';
import { createWorkspaceDataReader } from './workspaceReader';

export const DIAGNOSTIC_SOURCE = 'rnnlab';
const DEBOUNCE_MS = 300;
const EXCLUDE = '**/{node_modules,.git,.rnnlab}/**';
const MAX_SPECS = 500;

export class SpecDiagnostics extends Disposable {
  readonly collection = this._register(
    vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE),
  );
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The ranges last published per spec (what the quick fixes read). */
  private readonly ranges = new Map<string, ProblemRange[]>();
  /** Only the newest check of a document may publish (an older one can finish later). */
  private readonly generation = new Map<string, number>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    const workspace = vscode.workspace;
    this._register(workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(
      workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
    );
    // A closed spec keeps its entries while the file on disk has them (unsaved edits are gone).
    this._register(
      workspace.onDidCloseTextDocument((d) => {
        if (!isSpecDocument(d)) return;
        this.forget(d.uri);
        void this.checkFile(d.uri);
      }),
    );
    const watcher = this._register(workspace.createFileSystemWatcher(SPEC_GLOB));
    this._register(watcher.onDidCreate((uri) => void this.checkFile(uri)));
    this._register(watcher.onDidChange((uri) => void this.checkFile(uri)));
    this._register(watcher.onDidDelete((uri) => this.clear(uri)));
    this._register(workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()));
    // A data file beside a spec changed: its checks may now pass or fail.
    this._register(
      workspace.onDidSaveTextDocument((d) => {
        if (!isSpecDocument(d)) this.refreshAll();
      }),
    );
    this._register({
      dispose: () => {
        for (const timer of this.timers.values()) clearTimeout(timer);
        this.timers.clear();
      },
    });
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
    void this.checkClosedSpecs();
  }

  /** Every spec of the workspace that no editor has open, from disk. */
  private async checkClosedSpecs(): Promise<void> {
    try {
      const found = await vscode.workspace.findFiles(SPEC_GLOB, EXCLUDE, MAX_SPECS);
      for (const uri of found) await this.checkFile(uri);
    } catch (error) {
      this.log.warn('listing the specs of the workspace failed', error);
    }
  }

  /** A spec that is not open, checked from its file; an open one is the editor's business. */
  private async checkFile(uri: vscode.Uri): Promise<void> {
    if (!isSpecUri(uri) || this.isOpen(uri)) return;
    const key = uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.clear(uri);
      return;
    }
    const reader = vscode.workspace.isTrusted ? createWorkspaceDataReader(uri) : undefined;
    try {
      const result = await checkSpecAndData(text, reader);
      if (this.generation.get(key) !== generation || this.isOpen(uri)) return;
      this.publish(uri, text, result);
    } catch (error) {
      this.log.error(`checking ${uri.fsPath} failed`, error);
    }
  }

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key && !d.isClosed);
  }

  private publish(uri: vscode.Uri, text: string, result: SpecCheck): void {
    const ranges = problemsToRanges(text, result.problems);
    this.ranges.set(uri.toString(), ranges);
    this.collection.set(uri, toDiagnostics(ranges));
  }

  /** Checks a spec now and returns the result (the commands use it before training). */
  async check(document: vscode.TextDocument): Promise<SpecCheck> {
    const key = document.uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    const reader = vscode.workspace.isTrusted ? createWorkspaceDataReader(document.uri) : undefined;
    const text = document.getText();
    const result = await checkSpecAndData(text, reader);
    if (this.generation.get(key) === generation && !document.isClosed) {
      this.publish(document.uri, text, result);
    }
    return result;
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isSpecDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(document).catch((error: unknown) =>
          this.log.error(`checking ${document.uri.fsPath} failed`, error),
        );
      }, delay),
    );
  }

  /** Stops what is scheduled for a document (its entries stay until replaced). */
  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.forget(uri);
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    this.ranges.delete(key);
    this.collection.delete(uri);
  }

  /** The problems of a spec as last published (ranges, messages, fixes). */
  rangesOf(uri: vscode.Uri): readonly ProblemRange[] {
    return this.ranges.get(uri.toString()) ?? [];
  }
}

export function toDiagnostics(ranges: readonly ProblemRange[]): vscode.Diagnostic[] {
  return ranges.map((p) => {
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(p.line, p.character, p.endLine, p.endCharacter),
      p.message,
      p.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    if (p.path !== '') diagnostic.code = p.path;
    return diagnostic;
  });
}

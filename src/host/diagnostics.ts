/**
 * Problems of open specs in the Problems panel, from the real validator and the data checks
 * (`tasks/checkSpecAndData.ts`), refreshed as the user types (debounced) and when a data file changes.
 */
import * as vscode from 'vscode';
import { checkSpecAndData, type SpecCheck } from '../tasks/checkSpecAndData';
import { problemsToRanges } from './problemRanges';
import { isSpecDocument } from './specDocuments';
import { createWorkspaceDataReader } from './workspaceReader';

export const DIAGNOSTIC_SOURCE = 'rnnlab';
const DEBOUNCE_MS = 300;

export class SpecDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Only the newest check of a document may publish (an older one can finish later). */
  private readonly generation = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
      // A data file beside a spec changed: its checks may now pass or fail.
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (!isSpecDocument(d)) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
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
      this.collection.set(document.uri, toDiagnostics(text, result));
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

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generation.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

export function toDiagnostics(text: string, result: SpecCheck): vscode.Diagnostic[] {
  return problemsToRanges(text, result.problems).map((p) => {
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

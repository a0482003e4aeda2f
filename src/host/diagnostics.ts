/**
 * Problems of open specs in the Problems panel, from the real validator and the data checks
 * (`tasks/checkSpecAndData.ts`), refreshed as the user types (debounced) and when a data file changes.
 */
import * as vscode from 'vscode';
import { checkSpecAndData, type SpecCheck } from '../tasks/checkSpecAndData';
import { problemsToRanges } from './problemRanges';
import { Disposable } from './disposable';
import { isSpecDocument } from './specDocuments';
import { createWorkspaceDataReader } from './workspaceReader';

export const DIAGNOSTIC_SOURCE = 'rnnlab';
const DEBOUNCE_MS = 300;

export class SpecDiagnostics extends Disposable {
  readonly collection = this._register(
    vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE),
  );
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Only the newest check of a document may publish (an older one can finish later). */
  private readonly generation = new Map<string, number>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    const workspace = vscode.workspace;
    this._register(workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(
      workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
    );
    this._register(workspace.onDidCloseTextDocument((d) => this.clear(d.uri)));
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

/** Which documents are task specs, and which spec the spec-level commands act on. */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const SPEC_SUFFIX = '.rnnlab.json';
export const SPEC_GLOB = '**/*.rnnlab.json';

export function isSpecUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith(SPEC_SUFFIX);
}

export function isSpecDocument(document: vscode.TextDocument): boolean {
  return isSpecUri(document.uri) && document.uri.scheme !== 'git';
}

export function specFileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path);
}

/**
 * Remembers the spec the user last looked at, so `Train` from the side bar or the lab (where the
 * active editor is not the spec) still knows which spec is meant.
 */
export class SpecTracker implements vscode.Disposable {
  private last: vscode.Uri | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.note(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => this.note(editor));
  }

  private note(editor: vscode.TextEditor | undefined): void {
    if (editor && isSpecDocument(editor.document)) this.last = editor.document.uri;
  }

  /** The spec a command acts on: an explicit URI, the active editor's, or the last one seen. */
  resolve(explicit?: unknown): vscode.Uri | undefined {
    if (explicit instanceof vscode.Uri && isSpecUri(explicit)) return explicit;
    const active = vscode.window.activeTextEditor?.document;
    if (active && isSpecDocument(active)) return active.uri;
    return this.last;
  }

  /** Forget a spec that was deleted. */
  forget(uri: vscode.Uri): void {
    if (this.last?.toString() === uri.toString()) this.last = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * Quick fixes (Ctrl+.) for the spec problems that carry a fix: a misspelt value or field whose
 * "did you mean" guess the validator made (`ProblemRange.replacement`) is replaced by the guess.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type SpecDiagnostics } from './diagnostics';
import { hostText } from './hostText';
import { fixesAt } from './problemRanges';
import { explanationLang } from './settings';

export class SpecQuickFixes implements vscode.CodeActionProvider {
  constructor(private readonly diagnostics: SpecDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const text = hostText(explanationLang());
    const fixes = fixesAt(
      this.diagnostics.rangesOf(document.uri),
      range.start.line,
      range.start.character,
      range.end.line,
      range.end.character,
    );
    return fixes.map((fix) => {
      const where = new vscode.Range(fix.line, fix.character, fix.endLine, fix.endCharacter);
      const replacement = fix.replacement ?? '';
      const action = new vscode.CodeAction(
        text.quickFix(replacement),
        vscode.CodeActionKind.QuickFix,
      );
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, where, replacement);
      action.isPreferred = true;
      // The diagnostic it fixes, so VS Code shows the fix on that entry of the Problems panel.
      action.diagnostics = context.diagnostics.filter(
        (d) =>
          d.source === DIAGNOSTIC_SOURCE && d.range.isEqual(where) && d.message === fix.message,
      );
      return action;
    });
  }
}

export function registerQuickFixes(diagnostics: SpecDiagnostics): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    { pattern: '**/*.rnnlab.json' },
    new SpecQuickFixes(diagnostics),
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}

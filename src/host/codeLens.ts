/**
 * CodeLenses on specs: Train · Open Lab · Compare cells at the top, Run sweep on a `sweep`, Inspect
 * on each input.
 */
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { hostText } from './hostText';
import { explanationLang } from './settings';
import { findSpecLenses } from './specLenses';

/** Longest input shown in an Inspect lens before it is shortened. */
const SHOWN_INPUT = 24;

export class SpecCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = hostText(explanationLang());
    return findSpecLenses(document.getText()).map((lens) => {
      const range = new vscode.Range(lens.line, lens.character, lens.endLine, lens.endCharacter);
      switch (lens.kind) {
        case 'train':
          return new vscode.CodeLens(range, {
            title: `$(play) ${text.train}`,
            command: 'rnnLab.train',
            arguments: [document.uri],
          });
        case 'openLab':
          return new vscode.CodeLens(range, {
            title: `$(beaker) ${text.openLab}`,
            command: 'rnnLab.openLab',
            arguments: [document.uri],
          });
        case 'compare':
          return new vscode.CodeLens(range, {
            title: `$(versions) ${text.compare}`,
            command: 'rnnLab.compareCells',
            arguments: [document.uri],
          });
        case 'sweep':
          return new vscode.CodeLens(range, {
            title: `$(graph-line) ${text.sweepLens}`,
            command: 'rnnLab.sweep',
            arguments: [document.uri],
          });
        case 'inspect': {
          const input = lens.input ?? '';
          const shown = input.length > SHOWN_INPUT ? `${input.slice(0, SHOWN_INPUT - 1)}…` : input;
          return new vscode.CodeLens(range, {
            title: `$(search) ${text.inspect(JSON.stringify(shown))}`,
            command: 'rnnLab.inspect',
            arguments: [document.uri, input],
          });
        }
      }
    });
  }
}
